/**
 * Corpus records rendered as pages shaped like a real news site's (metadata
 * in JSON-LD and Open Graph, ~60 KB of inline script, navigation, a consent
 * banner, share bar, newsletter box, related stories, footer), in memory
 * only: for the HTML reader's benchmark and for the ingest benchmark's
 * loopback web server.
 */

/** A corpus record ({id, title, date, publisher, url, text}). */
export interface Row { id: string, title: string, date: string | null, publisher: string | null, url: string | null, text: string }

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
/** Text of the furniture around the article, which must never reach its paragraphs. */
export const FURNITURE = ['We use cookies to improve your experience', 'Share on Facebook', 'Sign up for our newsletter', 'Related stories', 'Other story about something', 'Privacy policy']
const NAV = Array.from({ length: 120 }, (_, i) => `<li><a href="/section/${i}">Section ${i}</a></li>`).join('')
const SCRIPT = `<script>window.__STATE__=${JSON.stringify({ blob: 'x'.repeat(60_000) })}</script>`
const STYLE = `<style>${'.c{color:#222;margin:0 auto}'.repeat(800)}</style>`

export function newsPage (row: Row): string {
  const paragraphs = row.text.split(/\n+/).map(p => p.trim()).filter(p => p.length > 0)
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(row.title)} | ${escape(row.publisher ?? 'News')}</title>
<meta property="og:site_name" content="${escape(row.publisher ?? 'News')}">
${row.date !== null ? `<meta property="article:published_time" content="${row.date}T10:00:00Z">` : ''}
<link rel="canonical" href="${escape(row.url ?? 'https://news.example/a')}">${STYLE}${SCRIPT}
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":${JSON.stringify(row.title)}}]}</script>
</head><body><div id="cookie-banner"><p>${FURNITURE[0] ?? ''}. By continuing you accept our use of cookies and similar technologies.</p><button>Accept</button></div>
<header><nav><ul>${NAV}</ul></nav></header><main><article><h1>${escape(row.title)}</h1>
<div class="share-bar"><a href="#">${FURNITURE[1] ?? ''}</a><a href="#">Share on X</a></div>
${paragraphs.map(p => `<p>${escape(p)}</p>`).join('\n')}
<aside class="newsletter"><h3>${FURNITURE[2] ?? ''}</h3><p>Get the top stories in your inbox every morning, free of charge.</p></aside>
</article><section class="related"><h2>${FURNITURE[3] ?? ''}</h2><ul>${Array.from({ length: 8 }, (_, i) => `<li><a href="/s/${i}">${FURNITURE[4] ?? ''} ${i}</a></li>`).join('')}</ul></section></main>
<footer><ul>${NAV}</ul><a href="/privacy">${FURNITURE[5] ?? ''}</a></footer></body></html>`
}
