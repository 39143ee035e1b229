// sealsim's stand-in for the 云合同 SDK JS file an integrator's page loads with
//   <script src="<origin>/sdk/api/yht.js"></script>   (phones: /sdk/api/m/yht.js)
// It is a classic script (not a module) defining the global `YHT` with the calls such a page
// makes: init(appId, tokenListener), setToken(token), queryContract(successFun, failFun,
// contractId, backURL, noticeParams), do(request) and the retired querySign. Written for sealsim
// (served by simulators/yunhetong-sdk/pages, decision yunhetong-sdk.js-sdk in
// contracts/yunhetong-sdk/decisions.ts); its behaviour follows the vendor's SDK:
// - the token is kept in sessionStorage and counted valid for 30 minutes from setToken; without a
//   valid one the tokenListener is called with the pending request, which calls setToken and
//   YHT.do(request) to carry on;
// - queryContract checks the token with a synchronous GET of token/checkToken carrying backURL
//   (each `&` written as `,`, unencoded, as the vendor's SDK sends it) and noticeParams; code 400
//   calls the tokenListener, code 200 hands successFun the signing page's URL, anything else
//   failFun(message), an HTTP failure failFun(status);
// - the desktop file's URL is contract/hView?contractId=&token=, the phone file's
//   viewsopen/m/contract_view_m.html?token=&contractId=.
(function () {
  'use strict';

  var TOKEN_KEY = 'yhtToken';
  var DATE_KEY = 'yhtDate';
  var TOKEN_LIFETIME_MS = 30 * 60 * 1000;

  // The API root is where this file was served from: <origin>/sdk/api/yht.js or /sdk/api/m/yht.js.
  var self = document.currentScript;
  var src = self && self.src ? self.src : location.href;
  var mobile = /\/api\/m\/yht\.js(?:[?#]|$)/.test(src);
  var apiRoot = new URL(mobile ? '../../' : '../', src).href;

  var appId = null;
  var tokenListener = null;

  function storedToken() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function tokenFresh() {
    var token = storedToken();
    var since = Number(sessionStorage.getItem(DATE_KEY));
    return !!token && since > 0 && Date.now() - since < TOKEN_LIFETIME_MS;
  }

  function needToken(request) {
    if (typeof tokenListener !== 'function') throw new Error('YHT.init 方法未设置');
    tokenListener(request);
  }

  function viewUrl(token, contractId) {
    var t = encodeURIComponent(token);
    var id = encodeURIComponent(contractId);
    return mobile
      ? apiRoot + 'viewsopen/m/contract_view_m.html?token=' + t + '&contractId=' + id
      : apiRoot + 'contract/hView?contractId=' + id + '&token=' + t;
  }

  // GET token/checkToken, synchronously (the vendor's SDK does, so successFun runs inside the
  // caller's click handler and a window.open there is not blocked).
  function checkToken(extra) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', apiRoot + 'token/checkToken?token=' + encodeURIComponent(storedToken()) + extra, false);
    xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
    try {
      xhr.send();
    } catch (err) {
      return { status: 0, error: err };
    }
    if (xhr.status !== 200) return { status: xhr.status };
    try {
      return { status: 200, data: JSON.parse(xhr.responseText) };
    } catch (err) {
      return { status: 200, error: err };
    }
  }

  function request(method, params) {
    return { method: method, params: params };
  }

  var YHT = {};

  YHT.init = function (id, listener) {
    if (listener == null) throw new Error('token 回调方法为空');
    if (id == null) throw new Error('appid 为空');
    tokenListener = listener;
    appId = id;
  };

  YHT.setToken = function (token) {
    if (token == null) return;
    sessionStorage.setItem(TOKEN_KEY, String(token));
    sessionStorage.setItem(DATE_KEY, String(Date.now()));
  };

  YHT.queryContract = function (successFun, failFun, contractId, backURL, noticeParams) {
    var pending = request(YHT.queryContract, [successFun, failFun, contractId, backURL, noticeParams]);
    if (contractId == null || contractId === '') {
      failFun('合同id为空');
      return;
    }
    if (!tokenFresh()) {
      needToken(pending);
      return;
    }
    var extra = '';
    if (backURL != null && backURL !== '') extra += '&backURL=' + String(backURL).replace(/&/g, ',');
    if (noticeParams != null && noticeParams !== '') extra += '&noticeParams=' + String(noticeParams);
    var answer = checkToken(extra);
    if (answer.status !== 200) {
      failFun(answer.status);
      return;
    }
    if (!answer.data) {
      failFun(String(answer.error));
      return;
    }
    if (answer.data.code === 400) {
      needToken(pending);
      return;
    }
    if (answer.data.code === 200) successFun(viewUrl(storedToken(), contractId));
    else failFun(answer.data.message);
  };

  YHT.querySign = function () {
    throw new Error('此接口已停用');
  };

  YHT.do = function (pending) {
    if (pending) pending.method.apply(YHT, pending.params);
  };

  // Not part of the vendor's SDK: which app and API root this page is using (for debugging).
  YHT.sealsim = function () {
    return { appId: appId, apiRoot: apiRoot, mobile: mobile };
  };

  window.YHT = YHT;
})();
