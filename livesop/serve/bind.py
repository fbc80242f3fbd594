"""Where the views are served: ``[HOST:]PORT`` read, the socket bound before go-live, the links made.

Nothing here imports the web server, so ``livesop run --serve`` can refuse a bad address or a
port in use at once, before the show starts. The server binds exactly the address it is given;
a bare PORT binds 127.0.0.1 (this computer only), and the links say how to reach the phones.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from urllib.parse import quote

from livesop.errors import UsageError
from livesop.i18n import N_, _

DEFAULT_HOST = "127.0.0.1"
VIEWS = ("prompter", "clock", "control")  # the views beside one per role
# each view's label beside its link and code (translated where the links are made)
VIEW_NAMES = {"prompter": N_("prompter 提词器"), "clock": N_("clock 时钟"),
              "control": N_("control 控场 (can drive the show)")}
# what the system says when it cannot listen, marked so that it is said in the reader's language
REASONS = (N_("Address already in use"), N_("Cannot assign requested address"), N_("Permission denied"))
_HINT = N_("give HOST:PORT, e.g. 192.168.1.23:8470 (this computer's Wi-Fi address) or just a port, e.g. 8470")


def parse_bind(text: str) -> tuple[str, int]:
    """``PORT``, ``HOST:PORT`` or ``[IPv6]:PORT`` → (host, port); a bare port binds 127.0.0.1."""
    text = text.strip()
    host, _colon, port_text = text.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    elif ":" in host:
        raise UsageError(_("--serve {text}: write an IPv6 address in brackets").format(text=text),
                         _("e.g. [::1]:8470"))
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        message = (_("--serve {text}: {port} is not a port number from 1 to 65535") if port_text else
                   _("--serve {text}: the port is not a port number from 1 to 65535"))
        raise UsageError(message.format(text=text, port=port_text), _(_HINT))
    if not host:
        host = DEFAULT_HOST
    else:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if host != "localhost":
                raise UsageError(_("--serve {text}: {host} is not an IP address").format(text=text, host=host),
                                 _(_HINT)) from None
    return host, int(port_text)


def open_socket(host: str, port: int) -> socket.socket:
    """The listening socket, bound now: an address not on this computer or a port in use is a usage error."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        return socket.create_server((host, port), family=family, reuse_port=False)
    except OSError as exc:
        reason = _(exc.strerror) if exc.strerror else str(exc)
        hint = (_("another program (or another `livesop run --serve`) uses that port: choose another one")
                if exc.errno == errno.EADDRINUSE else
                _("give an address of this computer: `ip -4 addr` (Linux), `ipconfig getifaddr en0` (macOS) or "
                  "`ipconfig` (Windows) shows it"))
        raise UsageError(_("--serve {address}: cannot listen there ({reason})").format(
            address=f"{host}:{port}", reason=reason), hint) from None


def lan_address() -> str | None:
    """This computer's address on its local network as the routing table sees it (nothing is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: a UDP connect only picks the outgoing interface
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith(("127.", "0.")) else address


def link_host(host: str) -> str:
    """The host part of the links: the bound address, or this computer's LAN address for a wildcard bind."""
    if host in ("0.0.0.0", "::"):
        host = lan_address() or DEFAULT_HOST
    return f"[{host}]" if ":" in host else host


def view_links(host: str, port: int, tokens, roles: dict[str, str]) -> list[tuple[str, str]]:
    """(label, URL) of every view: the prompter, one per role, the clock, and the control view last."""
    base = f"http://{link_host(host)}:{port}"
    links = [(_(VIEW_NAMES["prompter"]), f"{base}/v/prompter?k={tokens.view}")]
    links += [(_("role {name} ({role})").format(name=name, role=role),
               f"{base}/v/role/{quote(role, safe='')}?k={tokens.view}")
              for role, name in roles.items()]
    links.append((_(VIEW_NAMES["clock"]), f"{base}/v/clock?k={tokens.view}"))
    links.append((_(VIEW_NAMES["control"]), f"{base}/v/control?k={tokens.control}"))
    return links


def reach_note(host: str) -> str:
    """What to say about who can open the links, from the address bound."""
    if host in ("127.0.0.1", "::1", "localhost"):
        lan = lan_address()
        if lan:
            return _("only this computer can open these links: to reach the phones in the room, run with "
                     "--serve <this computer's Wi-Fi address>:PORT (this computer's LAN address looks like "
                     "{address})").format(address=lan)
        return _("only this computer can open these links: to reach the phones in the room, run with "
                 "--serve <this computer's Wi-Fi address>:PORT")
    if host in ("0.0.0.0", "::"):
        return _("listening on every network of this computer: anyone on them with a link can open it")
    return _("phones on the same Wi-Fi as this computer can open these links")
