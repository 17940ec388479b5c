/** A subcommand of the `armkit` tool. */
export interface Command {
  name: string;
  /** One line for the help text. */
  summary: string;
  usage: string;
  /** Run with the arguments after the command name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}
