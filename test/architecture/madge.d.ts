/** The part of madge's Node API (https://github.com/pahen/madge#api) the architecture tests use; madge ships no types. */
declare module 'madge' {
  interface MadgeConfig {
    baseDir?: string;
    fileExtensions?: string[];
    tsConfig?: string;
  }
  interface MadgeInstance {
    /** file → the files it imports, as paths relative to baseDir. */
    obj(): Record<string, string[]>;
    circular(): string[][];
    /** Imports madge could not resolve to a file. */
    warnings(): { skipped: string[] };
  }
  function madge(paths: string | string[], config?: MadgeConfig): Promise<MadgeInstance>;
  export default madge;
}
