{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="{{LANGUAGE}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{PAGE_TITLE}}</title>
<meta name="description" content="{{META_DESCRIPTION}}">
<meta name="color-scheme" content="light dark">
{{#NOINDEX}}<meta name="robots" content="noindex, nofollow">{{/NOINDEX}}
<link rel="canonical" href="{{CANONICAL_URL}}">
<meta property="og:site_name" content="{{SITE_TITLE}}">
<meta property="og:title" content="{{OG_TITLE}}">
<meta property="og:description" content="{{META_DESCRIPTION}}">
<meta property="og:url" content="{{CANONICAL_URL}}">
<meta property="og:type" content="{{OG_TYPE}}">
{{#OG_IMAGE}}<meta property="og:image" content="{{OG_IMAGE_URL}}">
{{#OG_IMAGE_SIZE}}<meta property="og:image:width" content="{{OG_IMAGE_WIDTH}}">
<meta property="og:image:height" content="{{OG_IMAGE_HEIGHT}}">
{{/OG_IMAGE_SIZE}}{{/OG_IMAGE}}
{{#ARTICLE}}<meta property="article:published_time" content="{{PUBLISHED_TIME}}">
<meta property="article:modified_time" content="{{MODIFIED_TIME}}">
{{#ARTICLE_TAG}}<meta property="article:tag" content="{{ARTICLE_TAG_NAME}}">
{{/ARTICLE_TAG}}{{/ARTICLE}}
<meta name="twitter:card" content="{{TWITTER_CARD}}">
<meta name="twitter:title" content="{{OG_TITLE}}">
<meta name="twitter:description" content="{{META_DESCRIPTION}}">
{{#OG_IMAGE}}<meta name="twitter:image" content="{{OG_IMAGE_URL}}">{{/OG_IMAGE}}
{{#JSON_LD}}<script type="application/ld+json">{{JSON_LD_TEXT:none}}</script>{{/JSON_LD}}
{{#HEAD_PREV}}<link rel="prev" href="{{HEAD_PREV_URL}}">{{/HEAD_PREV}}
{{#HEAD_NEXT}}<link rel="next" href="{{HEAD_NEXT_URL}}">{{/HEAD_NEXT}}
{{#FEED}}<link rel="alternate" type="application/atom+xml" href="{{FEED_URL}}" title="{{SITE_TITLE}}">
<link rel="alternate" type="application/feed+json" href="{{FEED_JSON_URL}}" title="{{SITE_TITLE}}">{{/FEED}}
{{#LISTING_FEED}}<link rel="alternate" type="application/atom+xml" href="{{LISTING_FEED_URL}}" title="{{LISTING_FEED_TITLE}}">
<link rel="alternate" type="application/feed+json" href="{{LISTING_FEED_JSON_URL}}" title="{{LISTING_FEED_TITLE}}">{{/LISTING_FEED}}
<link rel="icon" href="{{THEME_URL}}favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{{THEME_URL}}style.css">
</head>
<body>
<a class="skip-link" href="#content">{{T_SKIP_TO_CONTENT}}</a>
<header class="site-header">
<div class="wrap">
<p class="site-title"><a href="{{HOME_URL}}" rel="home">{{SITE_TITLE}}</a></p>
<p class="site-description">{{SITE_DESCRIPTION}}</p>
<nav class="site-nav" aria-label="{{T_MAIN_MENU}}">
<ul>
{{#MENU_LINK}}<li><a href="{{MENU_LINK_URL}}"{{#MENU_LINK_CURRENT}} aria-current="page"{{/MENU_LINK_CURRENT}}>{{MENU_LINK_TITLE}}</a></li>
{{/MENU_LINK}}<li><a href="{{AUTHORS_URL}}">{{T_AUTHORS}}</a></li>
<li><a href="{{TAGS_URL}}">{{T_TAGS}}</a></li>
{{#FEED}}<li><a href="{{FEED_URL}}">{{T_FEED}}</a></li>{{/FEED}}
</ul>
</nav>
<form class="site-search" role="search" action="{{SEARCH_URL}}" method="get">
<label for="site-search-q">{{T_SEARCH_LABEL}}</label>
<input id="site-search-q" type="search" name="q" placeholder="{{T_SEARCH}}" maxlength="500">
</form>
</div>
</header>
<main id="content" class="wrap">
{{>CONTENT}}
</main>
<footer class="site-footer">
<div class="wrap">
<p>&copy; {{YEAR}} {{SITE_TITLE}}</p>
{{#FOOTER_MENU}}<p class="footer-links">{{#FOOTER_LINK}}{{FOOTER_LINK_SEP}}<a href="{{FOOTER_LINK_URL}}"{{#FOOTER_LINK_CURRENT}} aria-current="page"{{/FOOTER_LINK_CURRENT}}>{{FOOTER_LINK_TITLE}}</a>{{/FOOTER_LINK}}</p>{{/FOOTER_MENU}}
</div>
</footer>
</body>
</html>
