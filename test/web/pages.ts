/**
 * Fixture pages written for these specs (fictional outlets and stories), in
 * the shapes real news sites take: metadata in JSON-LD `@graph`, a date only
 * in a `<time>` element, no date at all, a paywall, a legacy charset, and the
 * furniture around the text (consent banner, share bar, newsletter box,
 * related stories).
 */

const COOKIE_BANNER = `
<div id="cookie-banner" class="cmp-banner">
  <p>We use cookies to personalise content and ads, and to analyse our traffic. By continuing you agree to our cookie policy and the processing of your data by our partners.</p>
  <button>Accept all cookies</button> <button>Manage cookies</button>
</div>`

const SHARE_BAR = `
<div class="share-bar">
  <a href="https://facebook.example/share">Share on Facebook</a>
  <a href="https://x.example/share">Share on X</a>
  <a href="mailto:?subject=story">Email</a>
</div>`

const NEWSLETTER = `
<div class="newsletter-signup">
  <h3>The Morning Ledger</h3>
  <p>Sign up for our free newsletter and get the day's top harbour and shipping stories in your inbox every morning before breakfast.</p>
  <form><input type="email" placeholder="Email address"><button>Sign up</button></form>
</div>`

const RELATED = `
<section class="related-stories">
  <h2>Related stories</h2>
  <ul>
    <li><a href="/news/dredging-contract">Dredging contract for the northern channel goes to a Dutch consortium after a long tender</a> <time datetime="2024-03-20T08:00:00+05:30">20 Mar</time></li>
    <li><a href="/news/fishing-ban">Monsoon fishing ban to begin two weeks early along the coast this year, officials say</a></li>
    <li><a href="/news/ferry">New ferry route links the two harbours for commuters from April</a></li>
  </ul>
</section>`

/** JSON-LD in `@graph`, publisher by reference, a relative canonical link, and every kind of furniture. */
export const GRAPH_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Port authority approves Kestrel Bay terminal expansion | Coastal Ledger</title>
<link rel="canonical" href="/news/2024/03/kestrel-bay-terminal">
<meta name="viewport" content="width=device-width">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "Organization", "@id": "https://ledger.example/#org", "name": "Coastal Ledger", "logo": "https://ledger.example/logo.png"},
  {"@type": "WebPage", "@id": "https://ledger.example/news/2024/03/kestrel-bay-terminal", "datePublished": "2020-01-01"},
  {"@type": ["NewsArticle"], "headline": "Port authority approves Kestrel Bay terminal expansion",
   "datePublished": "2024-03-14T09:30:00+05:30", "dateModified": "2024-03-15T11:02:00+05:30",
   "publisher": {"@id": "https://ledger.example/#org"}, "author": {"@type": "Person", "name": "Meera Pillai"}}
]}
</script>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({page: 'article'});</script>
<style>.share-bar a { margin: 0 4px }</style>
</head>
<body>
${COOKIE_BANNER}
<header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>
<main>
<article>
  <h1>Port authority approves Kestrel Bay terminal expansion</h1>
  <p class="byline">By Meera Pillai</p>
  ${SHARE_BAR}
  <p>The Kestrel Bay Port Authority on Thursday approved a 1,200-metre extension of the container terminal, the largest expansion of the harbour since it opened in 1987. The board voted seven to two in favour after a public hearing that lasted most of the afternoon.</p>
  <p>The extension will add four berths able to take vessels of up to 14,000 containers, and is expected to raise the port's yearly capacity from 1.8 million to 3.1 million containers by 2028, the authority's chair, Daniel Okafor, told reporters after the vote.</p>
  <h2>What the plan includes</h2>
  <p>The approved plan sets out three phases of work:</p>
  <ul>
    <li>Dredging the approach channel to a depth of 16 metres, starting in October.</li>
    <li>Building the new quay wall and the four berths between 2025 and 2027.</li>
    <li>Installing twelve electric ship-to-shore cranes before the terminal opens.</li>
  </ul>
  ${NEWSLETTER}
  <h2>Objections from fishers</h2>
  <p>Two fishing cooperatives objected that the dredging would disturb the prawn grounds off the northern breakwater. The authority said it would pay for a two-year survey of the grounds and compensate boats that lose catch during the works.</p>
  <p>Read Also: Harbour pilots threaten strike over night shifts</p>
  <p>Okafor said the first ships would berth at the new quay in the spring of 2028 if the environmental clearance arrives on schedule.</p>
</article>
${RELATED}
</main>
<footer><p>© 2024 Coastal Ledger. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body>
</html>`

/** The only date is a `<time datetime>` in the article header; the site name is in Open Graph. */
export const TIME_ONLY_PAGE = `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Valley Courier - Council delays vote on river bridge tolls</title>
<meta property="og:site_name" content="Valley Courier">
<meta property="og:title" content="Council delays vote on river bridge tolls">
<meta property="og:url" content="https://courier.example/local/bridge-tolls">
</head>
<body>
<div class="top-bar"><a href="/subscribe">Subscribe</a></div>
<article class="story">
  <header>
    <h1>Council delays vote on river bridge tolls</h1>
    <div class="meta">Posted <time datetime="2024-02-02T18:05">Friday evening</time></div>
  </header>
  <p>The Harlow Valley council postponed its vote on tolls for the new Ashford river bridge until March, after residents of the east bank filled the chamber to protest the proposed charge of two pounds a crossing.</p>
  <p>Councillor Ruth Abernathy, who chairs the transport committee, said the council needed more time to study an exemption for people who cross the bridge to reach the county hospital.</p>
  <p>The bridge, which cost 48 million pounds, opened in November. Its builders had assumed tolls would repay a third of the cost over twenty years.</p>
  <p>Share this article</p>
</article>
<aside class="most-popular"><h3>Most read</h3><ol><li>School closes after boiler fault</li><li>Market returns to the square</li></ol></aside>
</body>
</html>`

/** No date anywhere: no metadata, no `<time>`, no date in the byline or the text. */
export const UNDATED_PAGE = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>Library extends opening hours in Millbrook</title></head>
<body>
<div class="page">
  <h1>Library extends opening hours in Millbrook</h1>
  <div class="byline">By Staff Reporter</div>
  <div class="content">
    <p>Millbrook's central library will stay open until nine in the evening on weekdays, the town's cultural services department said, after a survey found that most students could only visit after their classes had ended.</p>
    <p>The longer hours will be paid for by closing the reading room on Monday mornings, when the library has the fewest visitors, the department added in a statement to residents.</p>
    <p>Librarian Tomasz Nowak said the change would also allow evening reading clubs for adults, which had been suspended since the building was renovated.</p>
  </div>
</div>
</body>
</html>`

/** A paywalled story: the teaser is citable, the subscription prompt is not. */
export const PAYWALL_PAGE = `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Grain exporters brace for lower harvest | Farm Gazette</title>
<meta property="og:site_name" content="Farm Gazette">
<meta property="article:published_time" content="2024-04-01T06:00:00Z">
<meta property="article:modified_time" content="2024-04-02T10:15:00Z">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Grain exporters brace for lower harvest", "datePublished": "2024-03-30T06:00:00Z", "isAccessibleForFree": false}</script>
</head>
<body>
<article>
  <h1>Grain exporters brace for lower harvest</h1>
  <p>Wheat exporters on the southern plains expect this year's harvest to fall by about 12 per cent after the driest winter in three decades, the Plains Grain Association said in its spring outlook.</p>
  <p>The association's director, Carla Brandt, said shipments to North Africa would be the first to be cut, because contracts there are renewed in May.</p>
  <div class="paywall-prompt">
    <p>This article is for subscribers only.</p>
    <p>Subscribe now to continue reading: unlimited access to every story for one pound a week, cancel any time.</p>
    <p>Already a subscriber? Sign in</p>
  </div>
</article>
</body>
</html>`

/** The date is only in the byline element, next to an update stamp. */
export const BYLINE_PAGE = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>Tram line to the airport opens | Metro Bulletin</title>
<meta property="og:site_name" content="Metro Bulletin"></head>
<body>
<article>
  <h1>Tram line to the airport opens</h1>
  <div class="article-byline">By Ana Souza | Updated: 6 May 2024 | 5 May 2024, 14:20</div>
  <p>The first tram to the airport left the central station at six in the morning, eleven years after the line was first proposed and two years later than the city had promised.</p>
  <p>The 14-kilometre line has nine stops and takes twenty-two minutes from end to end. Single tickets cost the same as on the rest of the network.</p>
  <p>Mayor Lidia Serrano rode the first tram and said the line would take ten thousand cars a day off the airport road.</p>
</article>
</body>
</html>`

/** A windows-1252 page with accented names, curly quotes and a euro sign, declared by http-equiv. */
export const WINDOWS_1252_HTML = `<!doctype html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Zoë Çelik wins the Lisbon chess open</title>
<meta property="article:published_time" content="2024-01-21">
<meta property="og:site_name" content="Diário do Tabuleiro">
</head>
<body>
<article>
<h1>Zoë Çelik wins the Lisbon chess open</h1>
<p>Zoë Çelik won the Lisbon chess open on Sunday, beating José Müller in the final round with the black pieces and taking the first prize of €5,000.</p>
<p>“It was the hardest game of my life,” said Çelik, who is nineteen. Müller, the top seed, resigned after five hours and sixty-one moves.</p>
<p>The tournament drew 212 players from fourteen countries to the Pavilhão Carlos Lopes, a record for the event.</p>
</article>
</body>
</html>`

/** The same page's bytes as the server sends them: windows-1252, not UTF-8. */
export function windows1252Bytes (html: string): Buffer {
  const specials: Record<string, number> = { '€': 0x80, '“': 0x93, '”': 0x94, '‘': 0x91, '’': 0x92, '–': 0x96, '—': 0x97 }
  return Buffer.from([...html].map(character => specials[character] ?? character.charCodeAt(0)))
}

/** A Markdown article, as a moderator might upload it. */
export const FERRY_NOTES_MD = `# Night ferry to Ostrava Island resumes

4 Apr, 2024 08:15

The night ferry between Kestrel Bay and Ostrava Island resumed on Wednesday after a three-month suspension, with two sailings a night until the end of the summer season.

The operator, Blue Gull Lines, said the **refitted** vessel now carries 340 passengers and forty cars.
`

/** A JSONL upload: two articles, and one line that is not a record. */
export const WIRE_JSONL = [
  JSON.stringify({ id: 'w1', title: 'Lighthouse keeper retires after forty years', date: '2024-04-05', url: 'https://wire.example/lighthouse-keeper', publisher: 'Coast Wire', text: 'Hendrik Vos, the last keeper of the Skerry Point lighthouse, retired on Friday after forty years of climbing its 211 steps.' }),
  '{"title": "broken',
  JSON.stringify({ id: 'w2', title: 'Seal pups counted on the sandbanks', date: '2024-04-06', url: 'https://wire.example/seal-pups', publisher: 'Coast Wire', text: 'Volunteers counted 412 grey seal pups on the outer sandbanks, the highest number since the survey began in 1998.' }),
].join('\n')
