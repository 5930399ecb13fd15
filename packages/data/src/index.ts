export { sampleWithoutReplacement } from './random/shuffle';
export { Table } from './table/table';
export type { CategoricalColumn, Column, ColumnKind, NumericColumn } from './table/table';
export type { InvalidPolicy } from './table/cells';
export { DEFAULT_MISSING_TOKENS, parseNumericCell } from './table/cells';
export type { CsvReadOptions, CsvStreamOptions } from './csv/options';
export { readCsv } from './csv/read-csv';
export { streamCsv } from './csv/stream-csv';
export type { CsvTensorChunk, CsvTensorStreamOptions } from './csv/stream-csv';
export { streamCsvFeatures, csvFeaturesUnsupported } from './csv-features/stream-features';
export type { FeatureChunk } from './csv-features/feature-reader';
export type { CsvTableChunk } from './csv/read-csv';
export { readArff } from './arff/read-arff';
export type { ArffAttribute, ArffType } from './arff/arff-header';
export type { ArffData, ArffReadOptions } from './arff/read-arff';
export { parseIdx, readIdx } from './idx/read-idx';
export type { IdxArray, IdxDType, IdxReadOptions } from './idx/read-idx';
export { npyToNumbers, npyToTensor, parseNpy, parseNpyHeader, readNpy } from './npy/npy';
export type { NpyArray, NpyData, NpyDType, NpyLayout } from './npy/npy';
export { readNpz } from './npy/npz';
export type { NpzReadOptions } from './npy/npz';
export { ZipArchive } from './zip/zip-archive';
export type { ZipEntry, ZipReadOptions } from './zip/zip-archive';
export { DEFAULT_MAX_INFLATED_BYTES, INFLATE_LIMIT_ENV, resolveInflateLimit } from './io/inflate-limit';
export { listSome, quoteInput } from './messages/quote';
export { DropColumns } from './preprocess/drop-columns';
export type { DropColumnsJSON } from './preprocess/drop-columns';
export { MinMax } from './preprocess/min-max';
export type { MinMaxJSON, MinMaxOptions } from './preprocess/min-max';
export { Standard } from './preprocess/standard';
export type { StandardJSON } from './preprocess/standard';
export { OneHot } from './preprocess/one-hot';
export type { OneHotColumn, OneHotJSON, OneHotOptions, UnknownCategoryPolicy } from './preprocess/one-hot';
export { TabularPreprocessor } from './preprocess/tabular-preprocessor';
export {
  encodeInputTable,
  inputColumns,
  inputPreprocessingFromJSON,
  pixelsToInput,
  sampleWidth,
} from './preprocess/input-preprocessing';
export type { InputPreprocessing } from './preprocess/input-preprocessing';
export type {
  InputColumn,
  ScalerKind,
  TabularPreprocessorJSON,
  TabularPreprocessorOptions,
} from './preprocess/tabular-preprocessor';
export { applySplit, semiSupervisedSplit } from './split/semi-supervised';
export type {
  SemiSupervisedSplit,
  SemiSupervisedSplitOptions,
  SplitLabels,
  SplitPart,
  SplitTensors,
} from './split/semi-supervised';
export { getRecipe, listRecipes, registerRecipe } from './recipes/registry';
export type { DatasetPart, LoadedDataset, Recipe, RecipeInfo, RecipeOptions } from './recipes/recipe';
export { loadNslKdd } from './recipes/nsl-kdd/nsl-kdd';
export {
  NSL_KDD_ATTACKS,
  NSL_KDD_CATEGORIES,
  NSL_KDD_FEATURES,
  NSL_KDD_VOCABULARY,
} from './recipes/nsl-kdd/schema';
export type { NslKddCategory } from './recipes/nsl-kdd/schema';
export { loadFashionMnist, loadMnist } from './recipes/mnist/mnist';
export { loadEmnist } from './recipes/emnist/emnist';
export { EMNIST_SPLITS, type EmnistSplit } from './recipes/emnist/splits';
export { loadCreditcard } from './recipes/creditcard/creditcard';
export { loadCicIds2018 } from './recipes/cic-ids2018/cic-ids2018';
export { CIC_IDS2018_FAMILIES } from './recipes/cic-ids2018/labels';
export { loadAdbench } from './recipes/adbench/adbench';
export { loadCsvDataset } from './recipes/csv/csv-recipe';
export { readCsvFirstRecord } from './csv/read-header';
// For readers of other formats (@a3/parquet): the common end of tabular recipes and mean imputation.
export { buildTabularDataset } from './recipes/tabular-dataset';
export type { TabularSource } from './recipes/tabular-dataset';
export { imputeMeans } from './table/impute';
export { CsvTokenizer } from './csv/tokenizer';
export type { RecordSink } from './csv/tokenizer';
