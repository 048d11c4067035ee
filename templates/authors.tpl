{{%AUTOESCAPE context="HTML"}}
<h1 class="page-heading">{{T_AUTHORS}}</h1>
<ul class="author-list">
{{#AUTHOR}}
<li><a class="author-card" href="{{AUTHOR_URL}}"><img class="avatar avatar-medium" src="{{AUTHOR_AVATAR_URL}}" alt="{{T_PROFILE_PICTURE}}" width="64" height="64"> <span class="author-card-text"><span class="author-card-name">{{AUTHOR_NAME}}</span> <span class="count">{{POST_COUNT_TEXT}}</span></span></a></li>
{{/AUTHOR}}
</ul>
