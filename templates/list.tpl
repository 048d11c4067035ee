{{%AUTOESCAPE context="HTML"}}
{{#HEADING}}<h1 class="page-heading">{{HEADING_TEXT}}</h1>{{/HEADING}}
{{#AUTHOR_INFO}}
<section class="author-info">
<img class="avatar avatar-large" src="{{AUTHOR_INFO_AVATAR_URL}}" alt="{{T_PROFILE_PICTURE}}" width="96" height="96">
<div class="author-info-text">
<h2>{{AUTHOR_INFO_NAME}}</h2>
<div class="author-bio">
{{AUTHOR_INFO_BIO_HTML:none}}
</div>
</div>
</section>
{{/AUTHOR_INFO}}
{{#ENTRY}}
<article class="entry">
<header>
<h2 class="entry-title"><a href="{{POST_URL}}">{{POST_TITLE}}</a></h2>
<p class="entry-date"><time datetime="{{DATE_ISO}}">{{DATE_TEXT}}</time>{{#ENTRY_STATUS}} <span class="post-status">{{ENTRY_STATUS_TEXT}}</span>{{/ENTRY_STATUS}}</p>
</header>
<div class="entry-excerpt">
{{EXCERPT_HTML:none}}
</div>
<p class="entry-more"><a class="more" href="{{POST_URL}}" aria-label="{{READ_POST_LABEL}}">{{T_MORE_LINK}}</a></p>
<footer class="byline">{{#BYLINE_AUTHOR}}<img class="avatar" src="{{AUTHOR_AVATAR_URL}}" alt="{{T_PROFILE_PICTURE}}" width="32" height="32"> {{/BYLINE_AUTHOR}}<span>{{#BYLINE_AUTHOR}}{{AUTHOR_SEP}}<a href="{{AUTHOR_URL}}">{{AUTHOR_NAME}}</a>{{/BYLINE_AUTHOR}}{{#HAS_TAGS}} {{T_ON}} {{#TAG}}{{TAG_SEP}}<a href="{{TAG_URL}}">{{TAG_NAME}}</a>{{/TAG}}{{/HAS_TAGS}}</span></footer>
</article>
{{/ENTRY}}
{{#NO_ENTRIES}}<p class="no-entries">{{T_NO_POSTS}}</p>{{/NO_ENTRIES}}
<nav class="pagination" aria-label="{{T_PAGINATION}}">
<span class="pagination-prev">{{#PREV_PAGE}}<a rel="prev" href="{{PREV_PAGE_URL}}">{{T_NEWER_POSTS}}</a>{{/PREV_PAGE}}</span>
<span class="pagination-current">{{PAGE_OF_TEXT}}</span>
<span class="pagination-next">{{#NEXT_PAGE}}<a rel="next" href="{{NEXT_PAGE_URL}}">{{T_OLDER_POSTS}}</a>{{/NEXT_PAGE}}</span>
</nav>
