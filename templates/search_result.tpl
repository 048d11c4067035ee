{{%AUTOESCAPE context="HTML"}}
{{! One result of search.tpl, rendered once per post and kept (page_search.cc); the snippet is the only part that changes with the search. }}
<article class="entry search-result">
<header>
<h2 class="entry-title"><a href="{{POST_URL}}">{{POST_TITLE}}</a></h2>
<p class="entry-date"><time datetime="{{DATE_ISO}}">{{DATE_TEXT}}</time></p>
</header>
<p class="search-snippet">{{SNIPPET_HTML:none}}</p>
<footer class="byline">{{#BYLINE_AUTHOR}}<img class="avatar" src="{{AUTHOR_AVATAR_URL}}" alt="{{T_PROFILE_PICTURE}}" width="32" height="32"> {{/BYLINE_AUTHOR}}<span>{{#BYLINE_AUTHOR}}{{AUTHOR_SEP}}<a href="{{AUTHOR_URL}}">{{AUTHOR_NAME}}</a>{{/BYLINE_AUTHOR}}{{#HAS_TAGS}} {{T_ON}} {{#TAG}}{{TAG_SEP}}<a href="{{TAG_URL}}">{{TAG_NAME}}</a>{{/TAG}}{{/HAS_TAGS}}</span></footer>
</article>
