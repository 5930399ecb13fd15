import type { ClassMetrics, PerClassMetrics } from '../../evaluation/per-class';
import { escapeHtml } from './escape';
import { METRICS } from './metric-names';
import { formatMetric, table } from './tables';

/**
 * One row per test-anomaly class against all test normals, known classes apart from unseen ones,
 * and a note that says what "known", "unseen" and the recall's threshold mean.
 */
export function renderPerClassTable(perClass: PerClassMetrics): string {
  const headers = ['Class', 'Kind', 'Rows', METRICS.aucRoc.name, METRICS.aucPr.name, METRICS.recall.name];
  const rows = perClass.rows.map(row);
  const note =
    `Each anomaly class against all ${perClass.nNormal} test normals. ` +
    `Known: training saw labelled rows of the class; unseen: it saw none. ` +
    `Recall: share of the class with score ≥ ${formatMetric(perClass.threshold)} (the threshold).`;
  return `${table(headers, rows, 'No anomaly class in the test rows.')}<p class="note">${escapeHtml(note)}</p>`;
}

function row(m: ClassMetrics): string {
  const name = m.group
    ? `<th scope="row" class="group">${escapeHtml(m.name)}</th>`
    : `<th scope="row">${escapeHtml(m.name)}</th>`;
  const cells = [m.n.toString(), formatMetric(m.aucRoc), formatMetric(m.aucPr), formatMetric(m.recall)]
    .map((v) => `<td class="num">${v}</td>`)
    .join('');
  return `<tr class="${m.kind}${m.group ? ' group' : ''}">${name}<td><span class="kind ${m.kind}">${m.kind}</span></td>${cells}</tr>`;
}
