from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, render

from organisms.models import Organism
from projects.models import Project
from projects.views import card_queryset

from .models import Department, Region

PUBLISHED = Q(communes__projects__status="published")


def territory_index(request):
    regions = Region.objects.prefetch_related("departments").order_by("name")
    counts = dict(
        Project.objects.published()
        .exclude(commune=None)
        .values_list("commune__department__code")
        .annotate(n=Count("pk"))
    )
    rows = []
    for region in regions:
        departments = [(d, counts.get(d.code, 0)) for d in region.departments.all()]
        rows.append({"region": region, "departments": departments, "count": sum(n for _d, n in departments)})
    return render(request, "geo/territory_index.html", {"regions": rows, "total": sum(counts.values())})


def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    projects = Project.objects.published().filter(commune__department__region=region)
    departments = region.departments.annotate(
        project_count=Count("communes__projects", filter=PUBLISHED)
    ).order_by("code")
    organisms = (
        Organism.objects.filter(roles__project__in=projects)
        .annotate(n=Count("roles__project", distinct=True))
        .order_by("-n", "name")
    )
    return render(
        request,
        "geo/region_detail.html",
        {
            "region": region,
            "projects": card_queryset(projects.order_by("name")),
            "departments": departments,
            "organisms": organisms,
            "homes": projects.aggregate(total=Sum("total_homes"))["total"],
            "former_regions": region.former_regions.all(),
        },
    )


def department_detail(request, slug):
    department = get_object_or_404(Department.objects.select_related("region"), slug=slug)
    projects = Project.objects.published().filter(commune__department=department)
    neighbours = department.neighbours.annotate(project_count=Count("communes__projects", filter=PUBLISHED)).order_by(
        "code"
    )
    region_projects = Project.objects.published().filter(commune__department__region=department.region_id)
    organisms = (
        Organism.objects.filter(roles__project__in=region_projects)
        .annotate(n=Count("roles__project", distinct=True))
        .order_by("-n", "name")
    )
    project_list = list(card_queryset(projects.order_by("name")))
    nearest = []
    if not project_list:
        from .distance import nearest_projects_to_department

        nearest = nearest_projects_to_department(department, limit=5)
    return render(
        request,
        "geo/department_detail.html",
        {
            "department": department,
            "projects": project_list,
            "neighbours": neighbours,
            "organisms": organisms,
            "nearest": nearest,
            "homes": projects.aggregate(total=Sum("total_homes"))["total"],
        },
    )
