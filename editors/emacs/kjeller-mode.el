;;; kjeller-mode.el --- kjeller case files, and kjeller lsp through eglot -*- lexical-binding: t; -*-

;; A major mode for kjeller case files (docs/case-language.md): comments
;; from `;', strings, a statement's keyword and the id it declares,
;; clause words, times and numbers.  With eglot (built into Emacs 29;
;; Debian 12: the elpa-eglot package), `M-x eglot' in a case file starts
;; `kjeller lsp' (docs/editors.md).
;;
;; Install: put this file on `load-path' and (require 'kjeller-mode).

;;; Code:

(defconst kjeller-statement-words
  '("source" "place" "person" "entity" "mode" "medium" "route" "register" "fact"
    "testimony" "assume" "option" "include" "store" "trace" "device" "vehicle"
    "claim" "entry"))

(defconst kjeller-clause-words
  '("at" "on" "in" "throughout" "from" "to" "by" "travels" "meets" "lives" "resides"
    "has" "carries" "drives" "departs" "arrives" "takes" "lasts" "right" "after"
    "before" "during" "later" "the" "same" "next" "day" "as" "with" "nonstop" "covers"
    "records" "arrival" "arrivals" "departure" "departures" "stay" "stays" "sent"
    "received" "message" "messages" "of" "vehicles" "devices" "where" "and" "or"
    "unrelated" "tz" "city" "one" "exists" "kind" "max" "since" "until" "alias"
    "owner" "keeper" "plate" "url" "assumption" "sends" "receives" "unreachable"
    "carried" "wire" "live" "postgresql" "sqlite" "is"))

(defconst kjeller-font-lock-keywords
  `((,(concat "^[ \t]*\\(" (regexp-opt kjeller-statement-words) "\\)\\_>"
              "\\(?:[ \t]+\\([A-Za-z0-9][A-Za-z0-9_.-]*\\)\\)?")
     (1 font-lock-keyword-face) (2 font-lock-function-name-face nil t))
    (,(concat "\\_<" (regexp-opt kjeller-clause-words) "\\_>") . font-lock-builtin-face)
    ("\\_<[0-9]\\{4\\}-[0-9][0-9]\\(?:-[0-9][0-9]\\)?\\(?:T[0-9:]+\\(?:Z\\|[+-][0-9:]+\\)?\\)?\\(?:\\.\\.[0-9T:Z+-]+\\)?"
     . font-lock-constant-face)
    ("\\_<-?[0-9]+\\(?:\\.[0-9]+\\)?\\_>" . font-lock-constant-face)
    ("->\\|\\.\\.\\|±\\|=" . font-lock-type-face)))

(defvar kjeller-mode-syntax-table
  (let ((st (make-syntax-table)))
    (modify-syntax-entry ?\; "<" st)
    (modify-syntax-entry ?\n ">" st)
    (modify-syntax-entry ?\" "\"" st)
    (modify-syntax-entry ?\\ "\\" st)
    (dolist (c '(?- ?_ ?. ?/)) (modify-syntax-entry c "_" st))
    st))

;;;###autoload
(define-derived-mode kjeller-mode prog-mode "kjeller"
  "Major mode for kjeller case files."
  (setq-local comment-start "; ")
  (setq-local comment-start-skip ";+[ \t]*")
  (setq-local indent-tabs-mode nil)
  (setq-local font-lock-defaults '(kjeller-font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.case\\'" . kjeller-mode))

(defvar eglot-server-programs)
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(kjeller-mode . ("kjeller" "lsp"))))

(provide 'kjeller-mode)
;;; kjeller-mode.el ends here
