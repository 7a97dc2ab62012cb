/* 门户的两处小改进（不依赖外网，不改变页面内容）：
 * 1. 直接双击打开 site/ 中的 index.html（file://）时，浏览器不允许搜索读取索引，搜索会没有结果：
 *    在页面顶部说明原因和办法。
 * 2. 搜索索引中的中文按词用零宽空格（U+200B）分开；搜索结果中不显示它们，复制时也去掉。 */
(function () {
  "use strict";
  var ZW = /\u200b/g;

  function clean(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, null);
    var node;
    while ((node = walker.nextNode())) {
      if (node.nodeValue.indexOf("\u200b") >= 0) node.nodeValue = node.nodeValue.replace(ZW, "");
    }
  }

  document.addEventListener("copy", function (event) {
    var text = String(window.getSelection() || "");
    if (text.indexOf("\u200b") < 0 || !event.clipboardData) return;
    event.clipboardData.setData("text/plain", text.replace(ZW, ""));
    event.preventDefault();
  });

  function start() {
    var results = document.querySelector(".md-search-result");
    if (results && window.MutationObserver) {
      new MutationObserver(function () { clean(results); }).observe(results, { childList: true, subtree: true, characterData: true });
    }
    if (location.protocol === "file:" && !document.getElementById("ysxt-file-notice")) {
      var note = document.createElement("div");
      note.id = "ysxt-file-notice";
      note.className = "ysxt-file-notice";
      note.setAttribute("role", "note");
      note.textContent = "提示：这是直接从文件打开的网站，浏览器不允许搜索读取索引，所以搜索没有结果。" +
        "请用网页服务器发布 site 文件夹后用网址访问，或在本机运行 ysxt serve 后打开 http://127.0.0.1:8000/ 。";
      var main = document.querySelector(".md-main") || document.body;
      main.parentNode.insertBefore(note, main);
      var box = document.querySelector("input.md-search__input");
      if (box) box.setAttribute("placeholder", "直接打开文件时不能搜索");
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
