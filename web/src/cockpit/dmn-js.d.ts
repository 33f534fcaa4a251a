// dmn-js ships no type declarations; the Cockpit uses only its Viewer's few methods.
declare module 'dmn-js/lib/Viewer' {
  interface View {
    type: string;
    name?: string;
  }
  export default class Viewer {
    constructor(options: { container: HTMLElement });
    importXML(xml: string): Promise<unknown>;
    getViews(): View[];
    open(view: View): Promise<unknown>;
    destroy(): void;
  }
}
