"""The site's URLs plus /bench/ping/: a trivial cached view, the ceiling of the machine."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import cache_page

from hub import urls as hub_urls


@cache_page(300)
def ping(request):
    return HttpResponse("pong", content_type="text/plain")


urlpatterns = [path("bench/ping/", ping), *hub_urls.urlpatterns]
handler404 = hub_urls.handler404
handler500 = hub_urls.handler500
