<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light dark">
<title>{{title}}</title>
<link rel="stylesheet" href="{{stylesheet_url}}">
</head>
<body>
<main>
{{!base}}
</main>
<footer>
<nav aria-label="Site">
<a href="/">Home</a>
% if show_search:
<a href="/search">{{_("Search")}}</a>
% end
% if show_trash:
<a href="/trash">Trash</a>
% end
% if show_sign_out:
<form method="post" action="/sign-out" class="inline">
{{!hidden()}}
<button type="submit" class="link">Sign out</button>
</form>
% end
</nav>
</footer>
</body>
</html>
