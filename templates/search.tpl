{{%AUTOESCAPE context="HTML"}}
<h1 class="page-heading">{{#HAS_QUERY}}Search results for “{{QUERY}}”{{/HAS_QUERY}}{{#NO_QUERY}}Search{{/NO_QUERY}}</h1>
<form class="search-form" role="search" action="{{SEARCH_URL}}" method="get">
<label for="search-page-q">Search this blog</label>
<input id="search-page-q" type="search" name="q" value="{{QUERY}}" maxlength="{{MAX_QUERY_BYTES}}">
<button type="submit">Search</button>
</form>
<p class="search-help">Words find posts that have all of them; "quoted words" find a phrase; tag:name and author:id narrow the search.</p>
{{#SEARCH_ERROR}}<p class="search-error" role="alert">{{SEARCH_ERROR_TEXT}}</p>{{/SEARCH_ERROR}}
{{#SEARCH_SUMMARY}}<p class="search-summary">{{MATCH_COUNT}} {{MATCH_WORD}}{{#PAGE_OF}}, page {{PAGE_NUMBER}} of {{PAGE_COUNT}}{{/PAGE_OF}}.</p>{{/SEARCH_SUMMARY}}
{{#DID_YOU_MEAN}}<p class="search-suggestion">Nothing matches. Did you mean <a href="{{SUGGESTION_URL}}">{{SUGGESTION}}</a>?</p>{{/DID_YOU_MEAN}}
{{#NO_RESULTS}}<p class="no-entries">No posts match.</p>{{/NO_RESULTS}}
{{#RESULT}}
<article class="entry search-result">
<header>
<h2 class="entry-title"><a href="{{POST_URL}}">{{POST_TITLE}}</a></h2>
<p class="entry-date"><time datetime="{{DATE_ISO}}">{{DATE_TEXT}}</time></p>
</header>
<p class="search-snippet">{{SNIPPET_HTML:none}}</p>
<footer class="byline">{{#BYLINE_AUTHOR}}<img class="avatar" src="{{AUTHOR_AVATAR_URL}}" alt="Author's profile picture" width="32" height="32"> {{/BYLINE_AUTHOR}}<span>{{#BYLINE_AUTHOR}}{{AUTHOR_SEP}}<a href="{{AUTHOR_URL}}">{{AUTHOR_NAME}}</a>{{/BYLINE_AUTHOR}}{{#HAS_TAGS}} on {{#TAG}}{{TAG_SEP}}<a href="{{TAG_URL}}">{{TAG_NAME}}</a>{{/TAG}}{{/HAS_TAGS}}</span></footer>
</article>
{{/RESULT}}
{{#PAGINATION}}<nav class="pagination" aria-label="Pagination">
<span class="pagination-prev">{{#PREV_PAGE}}<a rel="prev" href="{{PREV_PAGE_URL}}">← Better matches</a>{{/PREV_PAGE}}</span>
<span class="pagination-current">Page {{PAGE_NUMBER}} of {{PAGE_COUNT}}</span>
<span class="pagination-next">{{#NEXT_PAGE}}<a rel="next" href="{{NEXT_PAGE_URL}}">More results →</a>{{/NEXT_PAGE}}</span>
</nav>{{/PAGINATION}}
