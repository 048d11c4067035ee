{{%AUTOESCAPE context="XML"}}<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{{FEED_HOME}}">
<title>{{FEED_TITLE}}</title>
<subtitle>{{FEED_SUBTITLE}}</subtitle>
<id>{{FEED_ID}}</id>
<link rel="self" type="application/atom+xml" href="{{FEED_SELF}}"/>
<link rel="alternate" type="text/html" href="{{FEED_HOME}}"/>
<updated>{{FEED_UPDATED}}</updated>
{{#ENTRY}}<entry>
<title>{{ENTRY_TITLE}}</title>
<link rel="alternate" type="text/html" href="{{ENTRY_URL}}"/>
<id>{{ENTRY_ID}}</id>
<published>{{ENTRY_PUBLISHED}}</published>
<updated>{{ENTRY_UPDATED}}</updated>
{{#ENTRY_AUTHOR}}<author><name>{{ENTRY_AUTHOR_NAME}}</name></author>
{{/ENTRY_AUTHOR}}{{#ENTRY_TAG}}<category term="{{ENTRY_TAG_TERM}}" label="{{ENTRY_TAG_LABEL}}"/>
{{/ENTRY_TAG}}<summary type="html">{{ENTRY_SUMMARY_HTML}}</summary>
</entry>
{{/ENTRY}}</feed>
