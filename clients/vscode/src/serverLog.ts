// The server logs to stderr as "[12:04:05 INF] message" (Serilog). Each line goes to the log output channel at
// its own level, without the prefix the channel adds itself.
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const levels: Record<string, LogLevel> = { VRB: 'trace', DBG: 'debug', INF: 'info', WRN: 'warn', ERR: 'error', FTL: 'error' };
const prefix = /^\[\d{2}:\d{2}:\d{2} (VRB|DBG|INF|WRN|ERR|FTL)\] ?/;

/** A line without the prefix (a stack trace line, say) is logged at `previous`, the level of the line before it. */
export function parseServerLogLine(line: string, previous: LogLevel = 'info'): { level: LogLevel; text: string } {
  const match = prefix.exec(line);
  return match ? { level: levels[match[1]], text: line.slice(match[0].length) } : { level: previous, text: line };
}
