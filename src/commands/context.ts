/** What every command may need to know about the program itself, passed in by src/cli/main.ts. */
export interface Context {
  /** The package root: where schemas/, rules/ and evidence/ are. */
  root: string;
  /** The package version, for reports that name the tool. */
  version: string;
}
