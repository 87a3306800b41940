"""``{% fragment %}``: Django's ``{% cache %}`` (same arguments, same keys, closed by ``{% endcache %}``)
that first looks in the fragments the view read beforehand in ONE round trip
(``public.fragments.read_fragments``, context variable ``fragments``). A page of four cached
fragments then costs one Redis read instead of four; a fragment missing there is read, rendered
and stored as ``{% cache %}`` does."""

from typing import Any

from django import template
from django.core.cache.utils import make_template_fragment_key
from django.templatetags.cache import CacheNode, do_cache

from ..fragments import Fragments, fragment_cache

register = template.Library()


class PrefetchedCacheNode(CacheNode):
    def render(self, context: template.Context) -> str:
        prefetched = context.get("fragments")
        if not isinstance(prefetched, Fragments) or self.cache_name:
            return super().render(context)
        key = make_template_fragment_key(self.fragment_name, [var.resolve(context) for var in self.vary_on])
        if key in prefetched:
            return prefetched[key]
        if key not in prefetched.asked:
            return super().render(context)
        # Read beforehand and missing: rendered and stored, not read a second time.
        value = self.nodelist.render(context)
        expire_time = self.expire_time_var.resolve(context)
        fragment_cache().set(key, value, None if expire_time is None else int(expire_time))
        return value


@register.tag("fragment")
def do_fragment(parser: template.base.Parser, token: template.base.Token) -> PrefetchedCacheNode:
    node: Any = do_cache(parser, token)
    node.__class__ = PrefetchedCacheNode
    return node
