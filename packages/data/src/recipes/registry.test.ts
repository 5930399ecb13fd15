import { describe, expect, it } from 'vitest';
import { getRecipe, listRecipes, registerRecipe } from './registry';

describe('recipe registry', () => {
  it('lists every built-in recipe with its source, files and classes', () => {
    const names = listRecipes().map((r) => r.name);
    expect(names).toEqual([
      'nsl-kdd',
      'mnist',
      'fashion-mnist',
      'emnist',
      'creditcard',
      'cic-ids2018',
      'adbench',
      'csv',
    ]);
    for (const r of listRecipes()) {
      expect(r.description.length).toBeGreaterThan(20);
      expect(r.source.length).toBeGreaterThan(5);
      expect(r.files.length).toBeGreaterThan(5);
      expect(r.classes.length).toBeGreaterThan(5);
    }
  });

  it('fails on an unknown name with the known names, and accepts user recipes', async () => {
    expect(() => getRecipe('kdd')).toThrow(/Unknown dataset recipe "kdd"\. Known: nsl-kdd, mnist/);
    registerRecipe({
      name: 'mine',
      description: 'a user recipe',
      source: 'here',
      files: 'none',
      classes: 'a, b',
      load: () => Promise.reject(new Error('not loaded in this test')),
    });
    expect(getRecipe('mine').description).toBe('a user recipe');
    await expect(getRecipe('nsl-kdd').load({})).rejects.toThrow(/needs options\.path/);
  });
});
