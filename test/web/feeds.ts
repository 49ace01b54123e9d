/**
 * Fixture feeds written for these specs. `{origin}` is replaced with the test
 * server's address, so item links lead to pages the server serves.
 */

/** The RSS 2.0 feed before and after new stories are published: edition 2 adds two and drops the oldest. */
export function rssFeed (edition: 1 | 2): string {
  const items = [
    ...(edition === 2
      ? [
          `<item>
      <title>Tram line to the airport opens</title>
      <link>{origin}/news/byline.html</link>
      <guid isPermaLink="false">metro-bulletin-5521</guid>
      <pubDate>Sun, 05 May 2024 14:20:00 +0100</pubDate>
      <description><![CDATA[The first tram left the central station at <b>six</b>.]]></description>
    </item>`,
          `<item>
      <title>Library extends opening hours &amp; adds reading clubs</title>
      <link>{origin}/news/undated.html</link>
      <guid>{origin}/news/undated.html</guid>
    </item>`,
        ]
      : []),
    `<item>
      <title>Port authority approves Kestrel Bay terminal expansion</title>
      <link>{origin}/news/graph.html?utm_source=rss</link>
      <guid isPermaLink="false">ledger-1187</guid>
      <pubDate>Thu, 14 Mar 2024 04:00:00 GMT</pubDate>
      <dc:creator>Meera Pillai</dc:creator>
    </item>`,
    ...(edition === 1
      ? [`<item>
      <title>Council delays vote on river bridge tolls</title>
      <link>{origin}/news/time-only.html</link>
      <guid isPermaLink="false">courier-0042</guid>
      <pubDate>Fri, 02 Feb 2024 18:05:00 +0000</pubDate>
    </item>`]
      : []),
  ]
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Regional Wire</title>
    <link>{origin}/</link>
    <atom:link href="{origin}/feeds/rss.xml" rel="self" type="application/rss+xml"/>
    <description>Stories from the regional papers</description>
    ${items.join('\n    ')}
  </channel>
</rss>`
}

/** The Atom feed: edition 2 adds one entry (with only an `updated` date). */
export function atomFeed (edition: 1 | 2): string {
  const entries = [
    ...(edition === 2
      ? [`<entry>
    <title type="html">Grain exporters brace for &lt;em&gt;lower&lt;/em&gt; harvest</title>
    <link rel="alternate" type="text/html" href="/news/paywall.html"/>
    <id>tag:gazette.example,2024:grain-outlook</id>
    <updated>2024-04-02T10:15:00Z</updated>
  </entry>`]
      : []),
    `<entry>
    <title>Zoë Çelik wins the Lisbon chess open</title>
    <link rel="self" href="/api/entries/77"/>
    <link rel="alternate" type="text/html" href="/news/latin1.html"/>
    <id>tag:tabuleiro.example,2024:lisbon-open</id>
    <published>2024-01-21T19:00:00+00:00</published>
    <updated>2024-01-22T08:00:00+00:00</updated>
  </entry>`,
  ]
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{origin}/">
  <title>Board and Court</title>
  <id>tag:tabuleiro.example,2024:feed</id>
  <updated>2024-04-02T10:15:00Z</updated>
  <link rel="self" href="{origin}/feeds/atom.xml"/>
  ${entries.join('\n  ')}
</feed>`
}

/** A feed cut off mid-item. */
export const MALFORMED_FEED = `<?xml version="1.0"?>
<rss version="2.0">
  <channel>
    <title>Broken Wire</title>
    <item>
      <title>Half a story</item>
  </channel>
</rss>`

/** The same story listed three times: twice by guid, once by link only. */
export const DUPLICATE_ITEMS_FEED = `<?xml version="1.0"?>
<rss version="2.0">
  <channel>
    <title>Echo Wire</title>
    <item><title>Ferry route links the two harbours</title><link>{origin}/news/ferry</link><guid isPermaLink="false">echo-1</guid></item>
    <item><title>Ferry route links the two harbours (updated)</title><link>{origin}/news/ferry?updated=1</link><guid isPermaLink="false">echo-1</guid></item>
    <item><title>Dredging contract awarded</title><link>{origin}/news/dredging</link></item>
    <item><title>Dredging contract awarded</title><link>{origin}/news/dredging#comments</link></item>
  </channel>
</rss>`
