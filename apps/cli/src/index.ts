export { main, commands, registerCommand } from './main';
export type { Command, CommandContext, OptionSpec } from './commands/command';
export { Progress } from './terminal/progress';
export { bufferOutput, processOutput, type Output } from './terminal/output';
