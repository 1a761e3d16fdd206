import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_LIMITS, extractMainText } from "../src/extract/extract.js";

/** One rule of the main-text extractor per test, each on a small hand-written page. */
const extract = (html: string) => extractMainText(html, DEFAULT_LIMITS).text;
const para = (s: string) => `<p>${s} It is written here as a full sentence so that it reads like the prose of an article, with function words in it.</p>`;
const menu = `<ul class="menu"><li><a href="/1">World</a></li><li><a href="/2">Business</a></li><li><a href="/3">Sport</a></li></ul>`;

/** Each line, set as a paragraph between two of the article's, is dropped, and those two are kept. */
function assertDroppedBetweenParagraphs(lines: readonly string[]): void {
  const text = extract(`<body><article>${para("The text.")}${lines.map((l) => `<p>${l}</p>`).join("")}${para("More text.")}</article></body>`);
  assert.ok(text.includes("The text.") && text.includes("More text."), text);
  for (const l of lines) assert.ok(!text.includes(l), `"${l}" kept in:\n${text}`);
}

test("sentences carrying several links are kept between good paragraphs (news digest)", () => {
  const item = (n: number) =>
    `<li><a href="/s${n}">Company ${n} confirmed the deal</a> on Monday, and <a href="/t${n}">its chief said</a> that the plan is on track.</li>`;
  const text = extract(`<body>${menu}<div class="story">${para("Good morning, here is the news.")}<ol>${[1, 2, 3].map(item).join("")}</ol>${para("That is all for today.")}</div></body>`);
  for (const n of [1, 2, 3]) assert.ok(text.includes(`Company ${n} confirmed the deal on Monday`), text);
  assert.ok(!text.includes("Business"), text);
});

test("linked prose is dropped when it is not framed by good paragraphs", () => {
  const teaser = `<p><a href="/x">Another story about the deal</a> and <a href="/y">what the chief said</a>, read it now.</p>`;
  const text = extract(`<body><div class="story">${para("The article itself.")}${para("It goes on.")}</div><div class="other">${teaser}${teaser}</div></body>`);
  assert.ok(text.includes("The article itself."), text);
  assert.ok(!text.includes("Another story"), text);
});

test("link-free lines without function words (tour dates) stay inside the article", () => {
  const dates = ["June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre", "June 10 – Tampa, FL @ Midflorida Amphitheatre", "June 14 – Alpharetta, GA @ Ameris Bank"].join("<br>");
  const text = extract(`<body>${menu}<article>${para("The band will tour.")}<p>${dates}</p>${para("Tickets go on sale Friday.")}</article></body>`);
  assert.ok(text.includes("June 10 – Tampa, FL"), text);
});

test("a furniture tag that wraps the <article> is not furniture; one beside it is", () => {
  const html = `<body><aside class="content-area"><article>${para("Inside an aside, still the article.")}${para("Second paragraph.")}</article></aside><aside>${para("A sidebar about something else entirely.")}</aside></body>`;
  const text = extract(html);
  assert.ok(text.includes("Inside an aside"), text);
  assert.ok(!text.includes("sidebar about"), text);
});

test("boilerplate lines are recognised by their text in several languages", () => {
  const lines = ["Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten.", "Foto: Max Mustermann", "Alle Rechte vorbehalten.", "Share this article", "Photo: AP"];
  assertDroppedBetweenParagraphs(lines);
});

test("a section opened by a boilerplate heading goes with it (related posts, comment form)", () => {
  const card = (s: string) => `<div><h4><a href="/${s}">${s}</a></h4><p>${s} is another post, and this sentence is the teaser that introduces it to the reader.</p></div>`;
  const html = `<body><div class="wrap"><article>${para("Der Artikel beginnt hier.")}${para("Und er geht weiter.")}</article>
    <div><h2>Ähnliche Beiträge</h2><div>${card("Alpha")}${card("Beta")}</div></div>
    <div><h3>Schreibe einen Kommentar</h3><p>Deine E-Mail-Adresse wird nicht veröffentlicht, und die Pflichtfelder sind mit einem Stern markiert.</p></div></div></body>`;
  const text = extract(html);
  assert.ok(text.includes("Der Artikel beginnt hier.") && text.includes("Und er geht weiter."), text);
  for (const gone of ["Ähnliche", "Alpha", "Beta", "Kommentar", "E-Mail-Adresse"]) assert.ok(!text.includes(gone), `"${gone}" kept in:\n${text}`);
});

test("a boilerplate heading inside the article's own container does not remove the article", () => {
  const html = `<body><div class="post"><h2>Comments</h2>${para("This article is about comments in source code.")}${para("They explain why, not what.")}</div></body>`;
  const text = extract(html);
  assert.ok(text.includes("about comments in source code") && text.includes("They explain why"), text);
});

test("a page of short blocks only falls back to its largest link-free region", () => {
  const html = `<body>${menu}<div class="facts"><h3>Film</h3><p>Fuji X-TRA 400.</p><h3>Camera</h3><p>Pentax Z-1.</p><h3>Place</h3><p>Japan and Germany.</p></div>${menu}</body>`;
  const text = extract(html);
  for (const part of ["Fuji X-TRA 400.", "Pentax Z-1.", "Japan and Germany."]) assert.ok(text.includes(part), text);
  assert.ok(!text.includes("Sport"), text);
});

test("the article ends at a section opener that follows most of its text, even inside one container", () => {
  const html = `<body><div class="main">${para("First paragraph of the story.")}${para("Second paragraph of the story.")}${para("Third paragraph of the story.")}
    <p>Leave a reply</p>${para("A reader wrote this reply, which is prose but not part of the article.")}</div></body>`;
  const text = extract(html);
  assert.ok(text.includes("Third paragraph of the story."), text);
  assert.ok(!text.includes("A reader wrote"), text);
});

test("figure captions with a photo credit and © credit lines are dropped, the prose around them kept", () => {
  const html = `<body><article>${para("The minister met her colleague.")}
    <figure><img src="a.jpg"><figcaption>Die Kanzlerin sprach am Mittwoch in Berlin. Foto: Alexander Becher</figcaption></figure>
    ${para("They spoke about the budget.")}<p>© Bild: Werk/Christian Houdek</p></article></body>`;
  const text = extract(html);
  assert.ok(text.includes("The minister met") && text.includes("about the budget"), text);
  assert.ok(!text.includes("Alexander Becher"), text);
  assert.ok(!text.includes("Houdek"), text);
});

test("figure captions are dropped, credited or not, whether in <figcaption> or a caption class", () => {
  const html = `<body><article>${para("The minister met her colleague.")}
    <figure><img src="a.jpg"><figcaption>The minister and her colleague on the steps of the ministry on Wednesday morning.</figcaption></figure>
    ${para("They spoke about the budget.")}
    <div class="wp-caption"><img src="b.jpg"><p class="wp-caption-text">Delegates wait outside the hall before the vote on the new budget.</p></div>
    <div class="media"><img src="c.jpg"><div class="legend">The hall of parliament, seen from the public gallery during the long debate on Tuesday.</div></div>
    ${para("The vote is next week.")}</article></body>`;
  const text = extract(html);
  for (const kept of ["The minister met", "about the budget", "The vote is next week."]) assert.ok(text.includes(kept), text);
  assert.ok(!text.includes("on the steps of the ministry"), text);
  assert.ok(!text.includes("Delegates wait"), text);
  assert.ok(!text.includes("seen from the public gallery"), text);
});

test("WordPress taxonomy classes on the post container (category-popular) do not make it furniture", () => {
  const html = `<body><div class="post-12 post type-post hentry category-popular tag-social-media">${para("The post starts here.")}${para("It ends here.")}</div>
    <div class="box">${para("Submit your question and we will answer it in a later post.")}</div></body>`;
  const text = extract(html);
  assert.ok(text.includes("The post starts here.") && text.includes("It ends here."), text);
});

test("an article split into sibling containers is collected from all of them, not from the boilerplate between", () => {
  const links = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `<p><a href="/p${n}">Read another story from our archive, number ${n}</a></p>`).join("");
  const html = `<body><div class="wrap"><div class="lede">${para("The lede of the story.")}</div><div class="more">${links}</div>
    <div class="body">${para("First paragraph of the body.")}${para("Second paragraph of the body.")}${para("Third paragraph of the body.")}</div></div></body>`;
  const text = extract(html);
  for (const kept of ["The lede of the story.", "First paragraph of the body.", "Third paragraph of the body."]) assert.ok(text.includes(kept), text);
  assert.ok(!text.includes("Read another story"), text);
});

test("elements hidden by utility classes (hidden, d-none) are left out unless shown again from some width", () => {
  const html = `<body><article>${para("The story itself.")}${para("More of the story.")}
    <div class="content-box d-none">${para("Subscribe to our letter and get the news every morning.")}</div>
    <div class="article-text hidden">${para("A second copy of the story for printing.")}</div>
    <p class="d-none d-md-block">Shown on wider screens, this sentence is part of the article that the reader sees.</p></article></body>`;
  const text = extract(html);
  assert.ok(text.includes("The story itself.") && text.includes("More of the story."), text);
  assert.ok(text.includes("Shown on wider screens"), text);
  assert.ok(!text.includes("Subscribe to our letter"), text);
  assert.ok(!text.includes("A second copy"), text);
});

test("an element named by one furniture word (id=sidebar) stays furniture even around a content-named widget", () => {
  const html = `<body><div id="wrapper"><div class="content"><div class="post">${para("The post is short.")}${para("It has two paragraphs.")}</div></div>
    <div id="sidebar"><div class="widget"><div class="textwidget">${para("Disclaimer: we are not liable for the content of external links.")}${para("Their owners alone are responsible for them.")}${para("This note applies to every page of the blog.")}</div></div></div></div></body>`;
  const text = extract(html);
  assert.ok(text.includes("The post is short.") && text.includes("It has two paragraphs."), text);
  assert.ok(!text.includes("Disclaimer"), text);
});

test("a list whose items carry a linked title is a teaser list: its link-free descriptions are dropped", () => {
  const item = (n: number) =>
    `<li><h3><a href="/story-${n}">Another story on the same topic, part ${n}</a></h3><p>This is the description of story ${n}, and it reads like a sentence of an article with function words in it.</p></li>`;
  const html = `<body><main><article>${para("The article starts.")}${para("It goes on.")}${para("It ends.")}</article>
    <ul>${[1, 2, 3, 4].map(item).join("")}</ul></main></body>`;
  const text = extract(html);
  assert.ok(text.includes("The article starts.") && text.includes("It ends."), text);
  assert.ok(!text.includes("description of story"), text);
});

test("a list in the article whose items are not linked titles is kept", () => {
  const item = (n: number) => `<li><h3>Step ${n} of the recipe</h3><p>In step ${n} you stir the dough, and it reads like a sentence of an article with function words in it.</p></li>`;
  const html = `<body><main><article>${para("The recipe starts.")}<ul>${[1, 2, 3, 4].map(item).join("")}</ul>${para("It ends.")}</article></main></body>`;
  const text = extract(html);
  assert.ok(text.includes("In step 1 you stir") && text.includes("In step 4 you stir"), text);
});

test("calls to action (follow us on, subscribe now, if you enjoyed this post) are dropped", () => {
  const lines = [
    "Follow The Daily Courier on Twitter and Instagram for the latest news and the stories of the day.",
    "If you enjoyed reading this post, please consider supporting our work with a small monthly gift.",
    "Subscribe now to our print edition for the full story and all of the news from the region.",
  ];
  const html = `<body><article>${para("The story.")}${lines.map((l) => `<p>${l}</p>`).join("")}${para("Its end.")}</article></body>`;
  const text = extract(html);
  assert.ok(text.includes("The story.") && text.includes("Its end."), text);
  for (const l of lines) assert.ok(!text.includes(l), `"${l}" kept in:\n${text}`);
});

test("the standfirst in an article's <header> is kept, its headline and byline are not", () => {
  const html = `<body><article><header><h1>Council votes on the budget</h1><p>By A. Reporter</p>
    <p>The council will vote on the new budget this week, and the mayor expects a narrow majority for it.</p></header>
    ${para("The vote is on Thursday.")}${para("The budget is larger than last year's.")}</article></body>`;
  const text = extract(html);
  assert.ok(text.startsWith("The council will vote on the new budget"), text);
  assert.ok(text.includes("The vote is on Thursday."), text);
  assert.ok(!text.includes("Council votes on the budget") && !text.includes("By A. Reporter"), text);
});

test("a heading is kept only when kept text follows within 100 characters", () => {
  const links = `<p><a href="/a">Our newsletter</a> · <a href="/b">Our podcast</a> · <a href="/c">Our events</a> · <a href="/d">Our shop</a> · <a href="/e">Our archive</a> · <a href="/f">Our team</a> · <a href="/g">Our partners</a> · <a href="/h">Our jobs</a> · <a href="/i">Contact</a></p>`;
  const html = `<body><article>${para("The story.")}<h2>Stay up to date with us</h2>${links}${para("The story goes on.")}<h2>The second part</h2>${para("Part two.")}</article></body>`;
  const text = extract(html);
  assert.ok(text.includes("The second part") && text.includes("Part two."), text);
  assert.ok(!text.includes("Stay up to date"), text);
});

test("an author box after the article is dropped even when its class also names the post", () => {
  const html = `<body><article>${para("The story.")}${para("Its end.")}
    <div class="post-author-bio"><p>Jane Doe studied sports science before she became an editor, and she has written for the magazine since 2015.</p></div></article></body>`;
  const text = extract(html);
  assert.ok(text.includes("The story.") && text.includes("Its end."), text);
  assert.ok(!text.includes("Jane Doe studied"), text);
});

test("a column named `aside` is furniture, however long its prose", () => {
  const html = `<body><div class="row"><div id="content">${para("The short lede of the article.")}</div>
    <div id="aside" class="aside secondary">${para("Subscribe to our mailing lists to receive our news.")}${para("We will never share your address with anybody else.")}</div></div></body>`;
  const text = extract(html);
  assert.ok(text.includes("The short lede"), text);
  assert.ok(!text.includes("Subscribe"), text);
});

test("a paragraph longer than half the best-scoring box moves the region to it", () => {
  const note = (s: string) => `<p>${s} note: this is one of the several notes that the box holds for the reader.</p>`;
  const long = `<p>${"The article has one long paragraph, and it is the text that a reader came for. ".repeat(4)}</p>`;
  const links = `<ul>${Array.from({ length: 40 }, (_, i) => `<li><a href="/t${i}">Topic number ${i}</a></li>`).join("")}</ul>`;
  const html = `<body><div class="wrap"><div class="box">${["First", "Second", "Third", "Fourth", "Fifth"].map(note).join("")}</div>${links}</div><div class="story">${long}</div></body>`;
  const text = extract(html);
  assert.ok(text.includes("one long paragraph"), text);
  assert.ok(!text.includes("notes that the box holds"), text);
});

test("disclosure and disclaimer boxes inside the article are furniture", () => {
  const html = `<body><article>${para("The review of the new phone.")}<p class="affiliate-disclosure">This post contains affiliate links, and we may earn a commission when you buy through them.</p>${para("The battery lasts two days.")}<div class="aawp-disclaimer"><p>Prices and availability are accurate as of the date and time indicated and are subject to change.</p></div></article></body>`;
  const text = extract(html);
  assert.ok(text.includes("The review of the new phone.") && text.includes("The battery lasts two days."), text);
  assert.ok(!text.includes("affiliate links") && !text.includes("Prices and availability"), text);
});

test("a standfirst named as an intro between the headline and the region is kept", () => {
  const links = `<ul class="menu">${Array.from({ length: 30 }, (_, i) => `<li><a href="/t${i}">Topic number ${i}</a></li>`).join("")}</ul>`;
  const body = ["First", "Second", "Third", "Fourth"].map((s) => para(`${s} paragraph of the body.`)).join("");
  const html = `<body><div class="page"><h1>The headline</h1><div class="article-intro"><p>The standfirst sums the story up in a sentence, with the words of prose.</p></div>
    ${links}<div class="article-body">${body}</div></div></body>`;
  const text = extract(html);
  assert.ok(text.startsWith("The standfirst sums the story up"), text);
  assert.ok(!text.includes("Topic number"), text);
});

test("a line holding an unfilled template placeholder is boilerplate (likes widget)", () => {
  const share = `<ul>${["Facebook", "Twitter", "Pinterest", "WhatsApp", "Email"].map((s) => `<li><a href="/s">${s}</a></li>`).join("")}</ul>`;
  const html = `<body><article><div class="entry"><p>Camera: Pentax Z-1.</p><p>Film: Fuji 400.</p>${share}</div></article>
    <div id="likes-gravatars"><div class="likes-text">%d bloggers like this:</div></div></body>`;
  const text = extract(html);
  assert.ok(text.includes("Camera: Pentax Z-1."), text);
  assert.ok(!text.includes("bloggers like this"), text);
});

test("a short text gives way to the text read without furniture hints when that holds it and twice more", () => {
  const body = ["The match began", "Then came the goal", "It ended one to nil"].map(para).join("");
  const html = `<body>${menu}<div class="page"><p>Live: the home side won the derby on Sunday, as the ticker below tells.</p><div class="live-comments">${body}</div></div></body>`;
  const text = extract(html);
  assert.ok(text.includes("Live: the home side won"), text);
  assert.ok(text.includes("Then came the goal"), text);
  assert.ok(!text.includes("Business"), text);
});

test("an element named as an intro is not furniture for the standfirst it holds", () => {
  const links = `<ul class="menu">${Array.from({ length: 30 }, (_, i) => `<li><a href="/t${i}">Topic number ${i}</a></li>`).join("")}</ul>`;
  const body = ["First", "Second", "Third", "Fourth"].map((s) => para(`${s} paragraph of the body.`)).join("");
  const html = `<body><div class="page"><h1>The headline</h1><header class="intro-header"><p>The standfirst sums the story up in a sentence, with the words of prose.</p></header>
    ${links}<div class="article-body">${body}</div></div></body>`;
  const text = extract(html);
  assert.ok(text.startsWith("The standfirst sums the story up"), text);
});

test("a standfirst set as a subheading named as an intro is kept", () => {
  const links = `<ul class="menu">${Array.from({ length: 30 }, (_, i) => `<li><a href="/t${i}">Topic number ${i}</a></li>`).join("")}</ul>`;
  const body = ["First", "Second", "Third", "Fourth"].map((s) => para(`${s} paragraph of the body.`)).join("");
  const html = `<body><div class="page"><h1>The headline</h1><h2 class="article-lead">The standfirst sums the story up in a sentence, and it is set as a heading of the page.</h2>
    ${links}<div class="article-body">${body}</div></div></body>`;
  const text = extract(html);
  assert.ok(text.startsWith("The standfirst sums the story up"), text);
});

test("the region does not climb to a parent that loses more than 7% of its score to links", () => {
  const links = `<ul>${Array.from({ length: 10 }, (_, i) => `<li><a href="/r${i}">Other story ${i}</a></li>`).join("")}</ul>`;
  const story = ["One", "Two", "Three", "Four"].map((s) => para(s)).join("");
  const html = `<body><div class="wrap"><div class="story">${story}</div><div class="bio"><p>The author also wrote a book about the gardens of the north, and she lives there with the dog.</p>${links}</div></div></body>`;
  const text = extract(html);
  assert.ok(text.includes("Four It is written"), text);
  assert.ok(!text.includes("The author also wrote"), text);
});

test("short lines after the article's last paragraph sign it off and are kept; labels and lone words are not", () => {
  const tail = ["See you all next week!", "x Anna", "Sponsored", "Filed under: travel"].map((l) => `<p>${l}</p>`).join("");
  const text = extract(`<body>${menu}<div class="post">${para("We went to the sea.")}${para("It rained every day.")}${tail}</div>${menu}</body>`);
  assert.ok(text.includes("See you all next week!") && text.includes("x Anna"), text);
  assert.ok(!text.includes("Sponsored") && !text.includes("Filed under"), text);
});

test("short items of a list are kept when other items of the same list are", () => {
  const links = `<p><a href="/a">Our shop</a> <a href="/b">Newsletter</a></p>`;
  const list = `<ul><li>open and curious</li><li>ready to move</li><li>${"willing to learn something new every day of the week, even when it is hard and the weather is bad"}</li></ul>`;
  const text = extract(`<body>${menu}<div class="post">${para("Who I help best.")}${links}${list}${para("About my books.")}</div></body>`);
  assert.ok(text.includes("open and curious") && text.includes("ready to move"), text);
});

test("a list of short items none of which is mostly a link is data, kept unless bad text frames it on both sides", () => {
  const links = `<p><a href="/a">Our shop</a> <a href="/b">Newsletter</a></p>`;
  const list = `<ul><li>Eleven seats are recommended</li><li>Four fail on pollutants</li><li>One seat is inflatable, says <a href="/t">the test</a></li></ul>`;
  const text = extract(`<body>${menu}<div class="post">${para("The test of child seats.")}${links}${list}${para("How to buy a seat.")}</div></body>`);
  assert.ok(text.includes("Eleven seats are recommended") && text.includes("One seat is inflatable"), text);
});

test("a short line ending in a colon goes with the kept block it introduces; a bare label does not", () => {
  const links = `<p><a href="/a">Our shop</a> <a href="/b">Newsletter</a></p>`;
  const text = extract(`<body>${menu}<div class="post">${para("A new biscuit is on sale.")}${links}<p>The best part comes now:</p>${para("You can test it for free.")}<p>Release date:</p>${para("Monday.")}</div></body>`);
  assert.ok(text.includes("The best part comes now:"), text);
  assert.ok(!text.includes("Release date"), text);
});

test("text written in decomposed Unicode (u + combining diaeresis) comes out in NFC", () => {
  const text = extract(`<body><article>${para("Die Gurtla\u0308nge wird gepru\u0308ft.")}</article></body>`);
  assert.ok(text.includes("Die Gurtlänge wird geprüft."), text);
});

test("a heading right above another heading heads no text of its own and is dropped", () => {
  const links = `<p><a href="/a">Share</a> <a href="/b">Print</a></p>`;
  const text = extract(`<body>${menu}<div class="post">${para("The article.")}${para("It ends here.")}${links}<h3>Stay in touch</h3><h4>Write to a human</h4>${para("Questions about our work?")}</div></body>`);
  assert.ok(text.includes("Write to a human"), text);
  assert.ok(!text.includes("Stay in touch"), text);
});

test("text without function words that carries one short link is data, not a link list", () => {
  const data = `<p>Free collaborative web-based <a href="/crm">CRM</a> systems - shared calendars - project dashboards - monthly reports</p>`;
  const text = extract(`<body>${menu}<div class="post">${para("What we offer.")}${data}${para("More about us.")}</div></body>`);
  assert.ok(text.includes("Free collaborative web-based CRM systems"), text);
});

test("a cookie banner is furniture even when a button inside has a content-like class", () => {
  const banner = `<div id="cookie-law-info-bar"><span>We store small files on your device so that the shop works better for you, and by clicking you agree that they are used for this. <a class="cli-plugin-main-button" href="#">OK</a></span></div>`;
  const html = `<body><div class="story">${para("The article starts.")}${para("It goes on.")}</div>${banner}</body>`;
  const text = extract(html);
  assert.ok(text.includes("The article starts."), text);
  assert.ok(!text.includes("small files"), text);
});

test("caption and photo-credit classes in several spellings are furniture", () => {
  const captions = [
    `<p class="icaption_nonfloating">The president of the association speaks at the annual meeting in the city hall of the capital.</p>`,
    `<h5 class="bilduntertitel">Die Präsidentin des Verbandes spricht auf der Jahresversammlung im Rathaus der Hauptstadt.</h5>`,
    `<p class="imagedescription">The new bridge over the river seen from the old harbour at sunset, with the city behind it.</p>`,
    `<div class="photo-credit">The photograph was taken by a staff photographer of the agency for this article in the summer.</div>`,
  ];
  const text = extract(`<body><article>${para("The story begins.")}${captions.join("")}${para("The story ends.")}</article></body>`);
  assert.ok(text.includes("The story begins.") && text.includes("The story ends."), text);
  for (const c of ["president of the association", "Präsidentin", "new bridge", "staff photographer"]) assert.ok(!text.includes(c), text);
});

test("newsletter, read-on, donation, app and picture-label lines are recognised by their text", () => {
  const lines = [
    "Redaktions-Newsletter", "Stay up-to-date on our work.", "Pour lire la suite de cet article, abonnez-vous.", "Jede kleine Spende hilft uns weiter.",
    "For the latest stories and breaking news updates download the Daily News apps for iOS and Android.", "Titelbild: Max Mustermann", "Empfohlener redaktioneller Inhalt", "Release Date:",
  ];
  assertDroppedBetweenParagraphs(lines);
});

test("log-in-to-comment prompts, who-is-online counters and licence notes are recognised by their text", () => {
  const lines = [
    "Du musst eingeloggt sein um Kommentare zu schreiben!", "13 Besucher sind online (8 Besucher halten sich im Bereich News auf.)",
    "Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE.",
  ];
  assertDroppedBetweenParagraphs(lines);
});

test("captions labelled as figures are dropped wherever they sit", () => {
  const caption = `<p>Abbildung 4: Die klassische Schwachschicht im Schneeprofil, aufgenommen an einem Nordhang im Frühjahr nach einem Wärmeeinbruch.</p>`;
  const text = extract(`<body><article>${para("The text.")}${caption}${para("More text.")}</article></body>`);
  assert.ok(text.includes("The text.") && text.includes("More text."), text);
  assert.ok(!text.includes("Schwachschicht"), text);
});

test("a one-word post-metadata class is furniture, not content", () => {
  const meta = `<div class="postmetadata">Erstellt am Dienstag 6. Mai 2014 in der Kategorie Podcasts, von einem Redakteur der Seite, mit drei Kommentaren bisher.</div>`;
  const text = extract(`<body><div class="post">${para("The text.")}${para("More text.")}${meta}</div></body>`);
  assert.ok(text.includes("The text.") && text.includes("More text."), text);
  assert.ok(!text.includes("Erstellt am"), text);
});

test("an appeal to support the outlet's journalism takes its box with it", () => {
  const box = `<div class="help"><div>Apoya el periodismo incómodo</div><div>Si te parece valioso nuestro trabajo, apóyanos para seguir. Únete a nuestra comunidad de lectores y haz una contribución mensual.</div></div>`;
  const text = extract(`<body><article>${para("The text.")}${para("More text.")}${box}</article></body>`);
  assert.ok(text.includes("The text.") && text.includes("More text."), text);
  assert.ok(!text.includes("apóyanos"), text);
});

test("a closing paragraph that opens with 'Follow … on Twitter' is boilerplate, however long", () => {
  const follow = `<p>Follow The Daily Planet on Twitter and Instagram @DailyPlanet and on Facebook @PlanetDaily. Send us a letter to the editor at letters@planet.example, or call the newsroom.</p>`;
  const text = extract(`<body><article>${para("The text.")}${para("More text.")}${follow}</article></body>`);
  assert.ok(text.includes("The text.") && text.includes("More text."), text);
  assert.ok(!text.includes("Follow The Daily Planet"), text);
});

test("a contact heading opens a furniture section at the end of a news item", () => {
  const box = `<div class="box"><h3>Kontakt:</h3><p>Dr. Erika Musterfrau, Leiterin der Pressestelle, erreichen Sie unter der Telefonnummer der Zentrale oder per E-Mail.</p></div>`;
  const text = extract(`<body><article>${para("The text.")}${para("More text.")}${box}</article></body>`);
  assert.ok(text.includes("The text.") && text.includes("More text."), text);
  assert.ok(!text.includes("Pressestelle") && !text.includes("Kontakt"), text);
});

test("a heading that points to all the site's articles opens a furniture section", () => {
  const box = `<section class="hero"><h2>Alle Artikel zu unseren Recherchen</h2><p>Hier finden Sie alle Beiträge, die wir zu diesem Thema in den vergangenen Jahren veröffentlicht haben.</p></section>`;
  const text = extract(`<body><article>${para("The text.")}${para("More text.")}${box}</article></body>`);
  assert.ok(text.includes("The text.") && text.includes("More text."), text);
  assert.ok(!text.includes("Alle Artikel") && !text.includes("Hier finden Sie"), text);
});

test("promises of news straight to the reader's inbox or phone are boilerplate lines", () => {
  const lines = ["Get the latest news straight to your phone with the Island News app.", "Aktuelle Stories und die wichtigsten News direkt in dein Postfach!"];
  assertDroppedBetweenParagraphs(lines);
});

test("a class that names the printable part of a page is not furniture", () => {
  const step = (s: string) => `<div class="tip-print-step">${para(s)}</div>`;
  const text = extract(`<body>${menu}<div class="tip">${para("Cutting a pineapple is easy.")}${para("You need a sharp knife and a board.")}${para("A ripe fruit smells sweet at its base.")}${para("Leaves pull out of a ripe crown easily.")}${para("Keep the juice that runs off for a drink.")}${para("Wash the fruit before you start.")}${step("First cut off the crown and the base.")}${step("Then stand it up and slice off the skin.")}</div></body>`);
  assert.ok(text.includes("First cut off the crown"), text);
  assert.ok(text.includes("slice off the skin"), text);
});

test("the page's one <main> holds the article even when a list of teaser cards outside it weighs more", () => {
  const card = (n: number) => `<div class="card"><h3>Story ${n}</h3>${para(`Teaser ${n} tells of another event in the region.`)}</div>`;
  const links = `<ul>${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => `<li><a href="/l${n}">A link to one more page of the site, ${n}</a></li>`).join("")}</ul>`;
  const html = `<body>${menu}<div class="page"><main><h1>Title</h1>${para("The short article itself.")}${para("It ends here.")}</main>${links}</div><div class="cards">${[1, 2, 3].map(card).join("")}</div></body>`;
  const text = extract(html);
  assert.ok(text.includes("The short article itself."), text);
  assert.ok(!text.includes("Teaser 3"), text);
});

test("requests for consent to data use (blocked embeds, privacy notes of forms) are boilerplate lines", () => {
  const lines = [
    "Wir respektieren deine Privatsphäre und stellen deshalb ohne dein Einverständnis keine Verbindung zu Twitter her. Hier kannst du deine Einstellungen verwalten.",
    "To protect your privacy this video is blocked until you accept cookies from the third-party provider that hosts it on its own servers.",
  ];
  assertDroppedBetweenParagraphs(lines);
});

test("short list items with a linked word in a list of data (ingredients) are data, not navigation", () => {
  const items = ["200 Gramm <a href='/z'>Zucker</a>", "350 Gramm <a href='/m'>Weizenmehl</a>", "2 Teelöffel <a href='/b'>Backpulver</a>", "6 mittelgroße Eier"];
  const html = `<body><article>${para("The text.")}<h3>Zutaten</h3><ul>${items.map((l) => `<li>${l}</li>`).join("")}</ul>${para("More text.")}</article></body>`;
  const text = extract(html);
  assert.ok(text.includes("The text.") && text.includes("More text."), text);
  for (const l of ["200 Gramm Zucker", "350 Gramm Weizenmehl", "2 Teelöffel Backpulver", "6 mittelgroße Eier"]) assert.ok(text.includes(l), `${l}\n---\n${text}`);
});

test("a figure caption does not count as bad context against the code listing beside it", () => {
  const code = "<pre>result = compute(alpha, beta, gamma); total = result * factor + offset - delta / epsilon;</pre>";
  const links = `<p><a href="/a">Alpha</a> <a href="/b">Beta</a> <a href="/c">Gamma</a></p>`;
  const html = `<body><article>${para("The text.")}${para("More text.")}<p>Figure 1: The model</p>${code}${links}${para("Last text.")}</article></body>`;
  const text = extract(html);
  assert.ok(text.includes("The text.") && text.includes("Last text."), text);
  assert.ok(text.includes("result = compute(alpha, beta, gamma);"), text);
});

test("an agency code of one token with a slash ('aja/PAP') after the article is not a sign-off", () => {
  const html = `<body><article>${para("The text.")}${para("More text.")}<p>Have a nice Sunday!</p><p>aja/PAP</p></article></body>`;
  const text = extract(html);
  assert.ok(text.includes("More text.") && text.includes("Have a nice Sunday!"), text);
  assert.ok(!text.includes("aja/PAP"), text);
});
