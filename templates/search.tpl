{{%AUTOESCAPE context="HTML"}}
<h1 class="page-heading">{{HEADING_TEXT}}</h1>
<form class="search-form" role="search" action="{{SEARCH_URL}}" method="get">
<label for="search-page-q">{{T_SEARCH_LABEL}}</label>
<input id="search-page-q" type="search" name="q" value="{{QUERY}}" maxlength="{{MAX_QUERY_BYTES}}">
<button type="submit">{{T_SEARCH_BUTTON}}</button>
</form>
<p class="search-help">{{T_SEARCH_HELP}}</p>
{{#SEARCH_ERROR}}<p class="search-error" role="alert">{{SEARCH_ERROR_TEXT}}</p>{{/SEARCH_ERROR}}
{{#SEARCH_SUMMARY}}<p class="search-summary">{{MATCH_TEXT}}.</p>{{/SEARCH_SUMMARY}}
{{#DID_YOU_MEAN}}<p class="search-suggestion">{{T_SEARCH_DID_YOU_MEAN}} <a href="{{SUGGESTION_URL}}">{{SUGGESTION}}</a>?</p>{{/DID_YOU_MEAN}}
{{#NO_RESULTS}}<p class="no-entries">{{T_SEARCH_NO_MATCHES}}</p>{{/NO_RESULTS}}
{{#RESULT}}{{RESULT_HTML:none}}{{/RESULT}}
{{#PAGINATION}}<nav class="pagination" aria-label="{{T_PAGINATION}}">
<span class="pagination-prev">{{#PREV_PAGE}}<a rel="prev" href="{{PREV_PAGE_URL}}">{{T_SEARCH_BETTER}}</a>{{/PREV_PAGE}}</span>
<span class="pagination-current">{{PAGE_OF_TEXT}}</span>
<span class="pagination-next">{{#NEXT_PAGE}}<a rel="next" href="{{NEXT_PAGE_URL}}">{{T_SEARCH_MORE}}</a>{{/NEXT_PAGE}}</span>
</nav>{{/PAGINATION}}
