"""Accept (and reject) every tracked change of a Word document in LibreOffice itself.

Run by a Python that has LibreOffice's ``uno`` module (Debian's ``python3-uno``: the system
``python3``), not by the tests' interpreter: ``python3 libreoffice_revisions.py SOFFICE
PROFILE_URL SOURCE ACCEPTED REJECTED``. LibreOffice opens SOURCE headless, runs "Accept All"
and saves ACCEPTED (.docx), opens it again, runs "Reject All" and saves REJECTED.
"""

import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def main(soffice, profile, source, accepted, rejected):
    pipe = f"gklint_revisions_{os.getpid()}"
    office = subprocess.Popen([soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore",
                               "--nologo", f"--accept=pipe,name={pipe};urp;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(300):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.2)
        else:
            raise SystemExit("LibreOffice did not start")
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for command, target in ((".uno:AcceptAllTrackedChanges", accepted), (".uno:RejectAllTrackedChanges", rejected)):
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
            dispatcher.executeDispatch(document.getCurrentController().getFrame(), command, "", 0, ())
            document.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Word 2007 XML"),))
            document.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
        office.wait(timeout=60)
    finally:
        if office.poll() is None:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:6])
