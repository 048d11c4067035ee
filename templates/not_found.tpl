{{%AUTOESCAPE context="HTML"}}
<section class="message">
<h1 class="page-heading">{{T_PAGE_NOT_FOUND}}</h1>
<p>{{NOT_FOUND_TEXT_HTML:none}}</p>
<p><a href="{{HOME_URL}}">{{T_BACK_TO_FRONT_PAGE}}</a></p>
</section>
