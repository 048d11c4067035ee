{{%AUTOESCAPE context="HTML"}}
<section class="message">
<h1 class="page-heading">{{ERROR_TITLE}}</h1>
<p>{{ERROR_MESSAGE}}</p>
</section>
