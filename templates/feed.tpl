{{%AUTOESCAPE context="XML"}}<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{FEED_LANGUAGE}}">
<title>{{FEED_TITLE}}</title>
{{#FEED_SUBTITLE}}<subtitle>{{FEED_SUBTITLE_TEXT}}</subtitle>
{{/FEED_SUBTITLE}}<id>{{FEED_ID}}</id>
<link rel="self" type="application/atom+xml" href="{{FEED_SELF}}"/>
<link rel="alternate" type="text/html" href="{{FEED_HOME}}"/>
<updated>{{FEED_UPDATED}}</updated>
<author><name>{{FEED_AUTHOR_NAME}}</name><uri>{{FEED_AUTHOR_URI}}</uri></author>
<generator>LevelPress</generator>
{{#ENTRY}}<entry>
<title>{{ENTRY_TITLE}}</title>
<link rel="alternate" type="text/html" href="{{ENTRY_URL}}"/>
<id>{{ENTRY_ID}}</id>
<published>{{ENTRY_PUBLISHED}}</published>
<updated>{{ENTRY_UPDATED}}</updated>
{{#ENTRY_AUTHOR}}<author><name>{{ENTRY_AUTHOR_NAME}}</name>{{#ENTRY_AUTHOR_URI}}<uri>{{ENTRY_AUTHOR_URI_VALUE}}</uri>{{/ENTRY_AUTHOR_URI}}</author>
{{/ENTRY_AUTHOR}}{{#ENTRY_TAG}}<category term="{{ENTRY_TAG_TERM}}" scheme="{{ENTRY_TAG_SCHEME}}" label="{{ENTRY_TAG_LABEL}}"/>
{{/ENTRY_TAG}}<summary type="html">{{ENTRY_SUMMARY_HTML}}</summary>
{{#ENTRY_CONTENT}}<content type="html">{{ENTRY_CONTENT_HTML}}</content>
{{/ENTRY_CONTENT}}</entry>
{{/ENTRY}}</feed>
