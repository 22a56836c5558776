/**
 * Markup cues: what an element's tag, ARIA role and class/id names say
 * about the text inside it. Navigation, comments, share bars and the like
 * name themselves in most templates ("site-nav", "comment-list",
 * "sharedaddy"); the article body often does too ("entry-content").
 */
import type { Context } from './segment.ts';

/** Kinds of boilerplate, as reported in findings' `category`. */
export type Kind =
  | 'navigation' | 'footer' | 'comments' | 'share' | 'related' | 'newsletter' | 'cookie' | 'advertising'
  | 'widget' | 'metadata' | 'form' | 'header' | 'caption';

export interface Cue {
  kind?: Kind;
  /** The element is the article (or its body). */
  article?: boolean;
  /** Class or id names article content. */
  content?: boolean;
  /** Class or id names the article body itself ("entry-content", "story-body"). */
  body?: boolean;
  hidden?: boolean;
}

const TAG_KIND: Record<string, Kind> = {
  nav: 'navigation', footer: 'footer', aside: 'related', menu: 'navigation', button: 'widget', address: 'metadata', figcaption: 'caption',
};

const ROLE: Record<string, Cue> = {
  navigation: { kind: 'navigation' }, contentinfo: { kind: 'footer' }, complementary: { kind: 'related' },
  banner: { kind: 'navigation' }, search: { kind: 'navigation' }, menu: { kind: 'navigation' }, menubar: { kind: 'navigation' },
  dialog: { kind: 'widget' }, alertdialog: { kind: 'cookie' }, main: { article: true }, article: { article: true },
};

/**
 * Class and id words, matched as whole words of the name split at '-', '_'
 * and white space ("comment-list" → comment, list). Earlier entries win.
 */
const WORDS: Array<[Kind | 'hidden' | 'content' | 'body', string[]]> = [
  // Not the bare class 'hidden': utility CSS writes 'hidden md:block' for text shown on larger screens.
  ['hidden', ['sr-only', 'screen-reader-text', 'visually-hidden', 'visuallyhidden', 'offscreen']],
  ['cookie', ['cookie', 'cookies', 'consent', 'gdpr', 'cookiebar', 'cmp']],
  ['comments', ['comment', 'comments', 'commentlist', 'respond', 'disqus', 'reply', 'replies', 'discussion', 'discuss']],
  ['share', ['share', 'shares', 'sharing', 'sharedaddy', 'social', 'socials', 'addthis', 'sociable', 'a2a', 'shariff']],
  ['newsletter', ['newsletter', 'paywall', 'abowerbung', 'subscribe', 'subscription', 'signup', 'mailchimp', 'optin', 'mc4wp']],
  ['caption', ['caption', 'figcaption', 'credit', 'credits', 'copyright', 'bildunterschrift', 'bildnachweis', 'legende', 'pie']],
  ['related', ['related', 'relatedlinks', 'teaser', 'teasers', 'infobox', 'factbox', 'recommended', 'recommendations', 'trending', 'popular', 'mostread', 'outbrain', 'taboola', 'yarpp', 'jp-relatedposts', 'more-stories', 'read-next', 'readnext', 'also']],
  ['advertising', ['ad', 'ads', 'adv', 'advert', 'adverts', 'advertisement', 'advertising', 'sponsor', 'sponsored', 'promo', 'dfp', 'adsense', 'adslot', 'banner']],
  ['navigation', ['nav', 'navbar', 'navigation', 'menu', 'breadcrumb', 'breadcrumbs', 'pagination', 'pager', 'masthead', 'topbar', 'skip', 'header', 'postnav', 'post-navigation']],
  ['footer', ['footer', 'colophon']],
  ['widget', ['widget', 'widgets', 'sidebar', 'tagcloud', 'fontsize', 'font-size', 'textsize', 'print', 'toolbar', 'tools', 'rating']],
  ['metadata', ['byline', 'author', 'authorbox', 'author-box', 'author-bio', 'saboxplugin', 'about-author', 'dateline', 'timestamp', 'meta', 'postmeta', 'entry-meta', 'post-meta', 'tags', 'categories', 'date', 'posted', 'published', 'updated']],
  ['body', ['articlebody', 'article-body', 'article-content', 'article-text', 'storybody', 'story-body', 'story-content', 'post-content', 'post-body', 'entry-content', 'body-text', 'rich-text', 'blog-post']],
  ['content', ['article', 'story', 'entry', 'content', 'text', 'prose', 'main']],
];

const BUILDERS = new Set(['elementor', 'et', 'vc', 'fl', 'wpb', 'siteorigin', 'so', 'brxe', 'kb', 'uagb']);
const MODIFIERS = new Set(['for', 'has', 'with', 'no', 'without', 'show', 'hide', 'is', 'enable', 'disable', 'allow']);

const WORD_MAP = new Map<string, Kind | 'hidden' | 'content' | 'body'>();
for (const [k, ws] of WORDS) for (const w of ws) if (!WORD_MAP.has(w)) WORD_MAP.set(w, k);
const RANK = new Map(WORDS.map(([k], i) => [k, i]));

const nameCache = new Map<string, Kind | 'hidden' | 'content' | 'body' | null>();

/** The cue of one class/id value: the highest-ranked word found. Cached: templates repeat their class names. */
function nameCue(names: string): Kind | 'hidden' | 'content' | 'body' | null {
  let r = nameCache.get(names);
  if (r === undefined) {
    r = computeNameCue(names);
    if (nameCache.size > 20_000) nameCache.clear();
    nameCache.set(names, r);
  }
  return r;
}

type NameCue = Kind | 'hidden' | 'content' | 'body';

/** Cue of one class or id token, as a rank into WORDS (-1: none). Cached: tokens ("row", "col-md-8") recur across pages. */
const tokenCache = new Map<string, number>();

function tokenRank(token: string): number {
  let r = tokenCache.get(token);
  if (r !== undefined) return r;
  r = -1;
  const take = (c: string) => {
    const k = WORD_MAP.get(c);
    if (k !== undefined) {
      const rk = RANK.get(k)!;
      if (r! < 0 || rk < r!) r = rk;
    }
  };
  const parts = token.split(/[-_]+/);
  // Layout modifiers name what sits beside the element, not the element: "for_sidebar", "has-comments", "no-ads".
  // Page builders call every content box a widget ("elementor-widget-container", "wp-block-…").
  if (!(parts.length === 2 && MODIFIERS.has(parts[0])) && !BUILDERS.has(parts[0]) && !token.startsWith('wp-block')) {
    take(token);
    // Long composite names are mostly style modifiers ("header-content-align-left"): whole token only.
    // Otherwise its parts, then adjacent pairs ("more-stories").
    if (parts.length <= 3) {
      for (const p of parts) take(p);
      for (let p = 0; p + 1 < parts.length; p++) take(`${parts[p]}-${parts[p + 1]}`);
    }
  }
  if (tokenCache.size > 50_000) tokenCache.clear();
  tokenCache.set(token, r);
  return r;
}

function computeNameCue(names: string): NameCue | null {
  let best = -1;
  for (const token of names.toLowerCase().split(/\s+/)) {
    if (!token || token.length > 60) continue;
    const r = tokenRank(token);
    if (r >= 0 && (best < 0 || r < best)) best = r;
  }
  return best < 0 ? null : WORDS[best][0];
}

export function cueOf(name: string, a: Record<string, string>, parent: Context): Cue | null {
  if ('hidden' in a || a['aria-hidden'] === 'true') return { hidden: true };
  const style = a.style;
  if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return { hidden: true };
  if (name === 'article' || name === 'main') return { article: true };
  if (a.itemprop && /articlebody|text/i.test(a.itemprop)) return { article: true, content: true };
  const role = a.role?.toLowerCase();
  if (role && ROLE[role]) return ROLE[role];
  // A header inside the article holds its title and byline, not site navigation.
  if (name === 'header' && !parent.article) return { kind: 'header' };
  if (TAG_KIND[name]) return { kind: TAG_KIND[name] };
  // Class and id are looked up separately (each cached as it stands); the higher-ranked cue wins.
  const kc = a.class ? nameCue(a.class) : null;
  const ki = a.id ? nameCue(a.id) : null;
  const k = kc === null ? ki : ki === null ? kc : RANK.get(kc)! <= RANK.get(ki)! ? kc : ki;
  if (k === null) return null;
  if (k === 'hidden') return { hidden: true };
  if (k === 'content') return { content: true };
  if (k === 'body') return { content: true, body: true };
  return { kind: k };
}
