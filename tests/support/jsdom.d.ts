/** The part of jsdom the Open311 conformance test uses to parse XML answers strictly. */
declare module 'jsdom' {
  export interface XmlNode {
    readonly nodeName: string;
    readonly textContent: string | null;
    querySelector(selector: string): XmlNode | null;
    querySelectorAll(selector: string): ArrayLike<XmlNode> & Iterable<XmlNode>;
  }
  export class JSDOM {
    constructor(markup: string, options?: { contentType?: string });
    readonly window: { readonly document: XmlNode & { readonly documentElement: XmlNode } };
  }
}
