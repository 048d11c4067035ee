{{%AUTOESCAPE context="HTML"}}
<article class="post page">
<header class="post-header">
{{#POST_STATUS}}<p class="post-status post-status-banner">{{POST_STATUS_TEXT}}</p>{{/POST_STATUS}}
<h1 class="post-title">{{POST_TITLE}}</h1>
</header>
{{#COVER}}<figure class="post-cover"><img src="{{COVER_URL}}" alt="{{POST_TITLE}}"{{#COVER_SIZE}} width="{{COVER_WIDTH}}" height="{{COVER_HEIGHT}}"{{/COVER_SIZE}}></figure>{{/COVER}}
<div class="post-body">
{{BODY_HTML:none}}
</div>
</article>
