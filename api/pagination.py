"""Page-number pagination with strict parameters.

DRF's ``PageNumberPagination`` silently falls back to the default size on ``page_size=abc``
and answers 404 to ``page=abc``. Here a malformed or out-of-bounds ``page``/``page_size`` is
a client error (400, reported with the filter errors), and only a well-formed page number
past the last page is a 404.
"""

from django import forms
from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class ApiPagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_query_param = "page"
    page_size_query_param = "page_size"
    # Lazy, as DRF's own: the stubs say str, but a translation must follow the request's language.
    page_query_description = gettext_lazy("Numéro de page, à partir de 1.")  # type: ignore[assignment]
    page_size_query_description = gettext_lazy(  # type: ignore[assignment]
        "Nombre de résultats par page (%(default)s par défaut, %(max)s au plus)."
    )
    last_page_strings = ()

    def _fields(self):
        return {
            self.page_query_param: forms.IntegerField(min_value=1),
            self.page_size_query_param: forms.IntegerField(min_value=1, max_value=self.max_page_size),
        }

    def validate(self, request):
        """Errors on the pagination parameters, as {parameter: [messages]}; cleans the values."""
        errors = {}
        self.cleaned = {}
        for name, field in self._fields().items():
            raw = request.query_params.get(name)
            if raw in (None, ""):
                continue
            try:
                self.cleaned[name] = field.clean(raw)
            except forms.ValidationError as exc:
                errors[name] = list(exc.messages)
        return errors

    def get_page_size(self, request):
        if not hasattr(self, "cleaned"):
            self.validate(request)
        return self.cleaned.get(self.page_size_query_param, self.page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        page_number = self.cleaned.get(self.page_query_param, 1)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage:
            raise NotFound(
                {
                    self.page_query_param: [
                        _("La page %(page)s n'existe pas : il y a %(pages)s page(s) de résultats.")
                        % {"page": page_number, "pages": paginator.num_pages}
                    ]
                }
            ) from None
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": str(self.page_query_description),
                "schema": {"type": "integer", "minimum": 1, "default": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(self.page_size_query_description)
                % {"default": self.page_size, "max": self.max_page_size},
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size, "default": self.page_size},
            },
        ]

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = _("Nombre total de résultats, toutes pages confondues.")
        response["properties"]["next"]["description"] = _("Adresse de la page suivante, ou null.")
        response["properties"]["previous"]["description"] = _("Adresse de la page précédente, ou null.")
        response["properties"]["next"]["example"] = "https://example.org/api/v1/projets/?page=3"
        response["properties"]["previous"]["example"] = "https://example.org/api/v1/projets/?page=1"
        return response
