{{%AUTOESCAPE context="HTML"}}
<section class="message">
<h1 class="page-heading">Page not found</h1>
<p>Sorry, there is nothing at <code>{{PATH}}</code>. It may have moved, or the link may be mistyped.</p>
<p><a href="{{HOME_URL}}">← Back to the front page</a></p>
</section>
