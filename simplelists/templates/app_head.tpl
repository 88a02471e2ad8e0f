%# Included in base.tpl's <head>: the description, the icons and the manifest, so the app
%# (or, on a list's pages, the list) can go on a home screen and open like an app.
%# The manifest is fetched with credentials, as a list's is behind sign-in like the list.
<meta name="description" content="{{head.description}}">
<meta name="theme-color" content="{{head.light_background}}" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="{{head.dark_background}}" media="(prefers-color-scheme: dark)">
<link rel="manifest" href="{{head.manifest_url}}" crossorigin="use-credentials">
<link rel="icon" href="{{head.favicon_url}}" sizes="48x48">
<link rel="icon" href="{{head.svg_icon_url}}" type="image/svg+xml">
<link rel="apple-touch-icon" href="{{head.apple_touch_icon_url}}">
<meta name="mobile-web-app-capable" content="yes">
<meta name="apple-mobile-web-app-capable" content="yes">
<meta name="apple-mobile-web-app-status-bar-style" content="default">
