// What a page would fetch from hosts other than the one serving it: the scripts, stylesheets,
// icons, images and frames its tags name, and the fonts, images and imports its styles name
// (inline, and in the stylesheets it loads from its own host). A page that works offline has none.
// What its scripts fetch once running is for a browser to see (test/support/browser.ts).

/** A URL the page makes the browser fetch; a stylesheet's own references are followed. */
interface Reference {
  url: URL;
  stylesheet: boolean;
}

/** Every outside URL that `pageUrl`, fetched as a browser asks for it, would load. */
export async function outsideReferences(pageUrl: string): Promise<string[]> {
  const page = new URL(pageUrl);
  const html = await fetchText(page, "text/html");
  if (!/<html/i.test(html)) throw new Error(`${pageUrl} served no HTML page`);
  const pending = [...tagReferences(html, page), ...cssReferences(inlineStyles(html), page)];
  const outside: string[] = [];
  for (let reference = pending.shift(); reference; reference = pending.shift()) {
    const { url, stylesheet } = reference;
    if (url.protocol === "data:" || url.protocol === "blob:" || url.protocol === "about:") continue;
    if (url.origin !== page.origin) outside.push(url.href);
    else if (stylesheet) pending.push(...cssReferences(await fetchText(url, "text/css"), url));
  }
  return outside;
}

const FETCHING_TAG = /<(script|link|img|iframe|frame|source|embed|video|audio|object|input)\b[^>]*>/gi;
const URL_ATTRIBUTE = /\s(?:src|href|data|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/gi;

function tagReferences(html: string, page: URL): Reference[] {
  // Inline scripts are code, not markup: tags inside their strings are never parsed as such.
  const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, "$1</script>");
  return [...markup.matchAll(FETCHING_TAG)].flatMap(([tag, name]) =>
    [...tag.matchAll(URL_ATTRIBUTE)].map((match) => ({
      url: new URL(firstGroup(match), page),
      stylesheet: name!.toLowerCase() === "link" && /\srel\s*=\s*["']?stylesheet/i.test(tag),
    })),
  );
}

function inlineStyles(html: string): string {
  const blocks = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi), ...html.matchAll(/\sstyle\s*=\s*"([^"]*)"/gi)];
  return blocks.map(([, css]) => css).join("\n");
}

function cssReferences(css: string, base: URL): Reference[] {
  return [...css.matchAll(CSS_URL)].map((match) => ({
    url: new URL(firstGroup(match), base),
    stylesheet: match[0].startsWith("@import"),
  }));
}

function firstGroup(match: RegExpMatchArray): string {
  return (match.slice(1).find((group) => group !== undefined) ?? "").trim();
}

async function fetchText(url: URL, accept: string): Promise<string> {
  const response = await fetch(url, { headers: { accept } });
  if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
  return response.text();
}
