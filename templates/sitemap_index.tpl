{{%AUTOESCAPE context="XML"}}<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{{#PART}}<sitemap><loc>{{PART_LOC}}</loc>{{#PART_LASTMOD}}<lastmod>{{PART_LASTMOD_DATE}}</lastmod>{{/PART_LASTMOD}}</sitemap>
{{/PART}}</sitemapindex>
