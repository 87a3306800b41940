"""Import aiosmtpd's ``Controller`` although the catalogue has an app named ``public``.

aiosmtpd does ``from public import public`` (the ``atpublic`` distribution, a package also
named ``public``), which the catalogue's own ``public`` app shadows. Its modules read that
decorator only while they are imported: the real ``atpublic`` is put in ``sys.modules`` for
the import of aiosmtpd, then the catalogue's ``public`` is put back.
"""

import importlib
import importlib.util
import sys
from importlib.metadata import distribution


def load_controller():
    init = distribution("atpublic").locate_file("public/__init__.py")
    spec = importlib.util.spec_from_file_location("public", init, submodule_search_locations=[str(init.parent)])
    atpublic = importlib.util.module_from_spec(spec)
    saved = {name: module for name, module in sys.modules.items() if name == "public" or name.startswith("public.")}
    for name in saved:
        del sys.modules[name]
    sys.modules["public"] = atpublic
    try:
        spec.loader.exec_module(atpublic)
        controller = importlib.import_module("aiosmtpd.controller")
    finally:
        for name in [n for n in sys.modules if n == "public" or n.startswith("public.")]:
            del sys.modules[name]
        sys.modules.update(saved)
    return controller.Controller


Controller = load_controller()
