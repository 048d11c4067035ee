{{%AUTOESCAPE context="HTML"}}
<article class="post">
<header class="post-header">
{{#POST_STATUS}}<p class="post-status post-status-banner">{{POST_STATUS_TEXT}}</p>{{/POST_STATUS}}
<h1 class="post-title">{{POST_TITLE}}</h1>
<p class="entry-date"><time datetime="{{DATE_ISO}}">{{DATE_TEXT}}</time>{{#UPDATED}} · {{T_UPDATED}} <time datetime="{{UPDATED_ISO}}">{{UPDATED_TEXT}}</time>{{/UPDATED}}{{#READING_TIME}} · <span class="reading-time">{{READING_TIME_TEXT}}</span>{{/READING_TIME}}</p>
<p class="byline">{{#BYLINE_AUTHOR}}<img class="avatar" src="{{AUTHOR_AVATAR_URL}}" alt="{{T_PROFILE_PICTURE}}" width="32" height="32"> {{/BYLINE_AUTHOR}}<span>{{#BYLINE_AUTHOR}}{{AUTHOR_SEP}}<a href="{{AUTHOR_URL}}">{{AUTHOR_NAME}}</a>{{/BYLINE_AUTHOR}}{{#HAS_TAGS}} {{T_ON}} {{#TAG}}{{TAG_SEP}}<a href="{{TAG_URL}}">{{TAG_NAME}}</a>{{/TAG}}{{/HAS_TAGS}}</span></p>
</header>
{{#COVER}}<figure class="post-cover"><img src="{{COVER_URL}}" alt="{{POST_TITLE}}"{{#COVER_SIZE}} width="{{COVER_WIDTH}}" height="{{COVER_HEIGHT}}"{{/COVER_SIZE}}></figure>{{/COVER}}
<div class="post-body">
{{BODY_HTML:none}}
</div>
</article>
<nav class="post-nav" aria-label="{{T_MORE_POSTS}}">
<span class="post-nav-prev">{{#PREV_POST}}<a rel="prev" href="{{PREV_POST_URL}}">← {{PREV_POST_TITLE}}</a>{{/PREV_POST}}</span>
<span class="post-nav-next">{{#NEXT_POST}}<a rel="next" href="{{NEXT_POST_URL}}">{{NEXT_POST_TITLE}} →</a>{{/NEXT_POST}}</span>
</nav>
