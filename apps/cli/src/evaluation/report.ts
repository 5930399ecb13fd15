import { renderReport, type ReportInput } from '../report';
import { writeFileAtomic } from '../fs/atomic-file';

/** Renders the HTML evaluation report (ROC/PR curves, histograms, metrics, config) to `path`. */
export async function writeReport(path: string, input: ReportInput): Promise<void> {
  await writeFileAtomic(path, renderReport(input));
}
