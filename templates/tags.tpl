{{%AUTOESCAPE context="HTML"}}
<h1 class="page-heading">{{T_TAGS}}</h1>
<ul class="tag-cloud">
{{#TAG}}
<li><a href="{{TAG_URL}}">{{TAG_NAME}} <span class="count"><span class="visually-hidden">{{T_POSTS_LABEL}} </span>{{POST_COUNT}}</span></a></li>
{{/TAG}}
</ul>
