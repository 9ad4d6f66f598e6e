/* EDS signing with NCALayer, the state signing program (wss://127.0.0.1:13579/).
 *
 * A form marked data-eds-form carries the bytes to sign, base64, in data-sign-data. The button
 * asks NCALayer (module kz.gov.pki.knca.commonUtils, method createCAdESFromBase64, a SIGNATURE
 * key, detached CMS) to sign them, puts the base64 CMS into the hidden "signature" field and
 * submits the form. The server checks the signature; nothing here is trusted.
 * Messages come from the page (data-msg-*), already in the user's language.
 */
(function () {
  "use strict";

  var NCALAYER_URL = "wss://127.0.0.1:13579/";

  function sign(base64Data, onSigned, onFailed, onOpen) {
    var socket;
    var settled = false;
    function fail(kind, detail) {
      if (settled) { return; }
      settled = true;
      try { socket.close(); } catch (ignored) { /* already closed */ }
      onFailed(kind, detail);
    }
    try {
      socket = new WebSocket(NCALAYER_URL);
    } catch (error) {
      onFailed("no-ncalayer", String(error));
      return;
    }
    socket.onopen = function () {
      onOpen();
      socket.send(JSON.stringify({
        module: "kz.gov.pki.knca.commonUtils",
        method: "createCAdESFromBase64",
        args: ["PKCS12", "SIGNATURE", base64Data, false]
      }));
    };
    socket.onmessage = function (event) {
      var reply;
      try { reply = JSON.parse(event.data); } catch (error) { return; }
      if (reply && reply.result && reply.result.version) { return; } // NCALayer's greeting
      if (String(reply.code) === "200" && reply.responseObject) {
        settled = true;
        socket.close();
        onSigned(String(reply.responseObject));
      } else {
        fail("refused", reply && reply.message);
      }
    };
    socket.onerror = function () { fail("no-ncalayer"); };
    socket.onclose = function () { fail("no-ncalayer"); };
  }

  function setUp(form) {
    var box = form.querySelector("[data-eds]");
    var button = form.querySelector("[data-eds-button]");
    var status = form.querySelector("[data-eds-status]");
    if (!box || !button || !status) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      status.classList.remove("error");
      status.textContent = box.getAttribute("data-msg-connecting");
      sign(
        form.getAttribute("data-sign-data"),
        function (cms) {
          form.elements.signature.value = cms.replace(/\s+/g, "");
          form.submit();
        },
        function (kind) {
          button.disabled = false;
          button.removeAttribute("aria-busy");
          status.classList.add("error");
          status.textContent = box.getAttribute(
            kind === "refused" ? "data-msg-refused" : "data-msg-no-ncalayer"
          );
          button.focus();
        },
        function () { status.textContent = box.getAttribute("data-msg-choose"); }
      );
    });
  }

  function start() {
    var forms = document.querySelectorAll("form[data-eds-form]");
    for (var i = 0; i < forms.length; i += 1) { setUp(forms[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
