<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light dark">
<title>{{title}}</title>
<link rel="stylesheet" href="{{stylesheet_url}}">
% include('app_head')
</head>
<body>
<main>
{{!base}}
</main>
% if not get('read_only', False):
<footer>
<nav aria-label="Site">
<a href="/">Home</a>
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
% end
</body>
</html>
