;; kjeller lsp in Emacs's eglot (Debian's elpa-eglot 1.9 on Emacs 28),
;; batch: editors/emacs/kjeller-mode.el registers the server, eglot
;; connects and flymake shows the contradictions.  Prints "server t",
;; "errors N" and a line per error; tests/editors.sh compares them with
;; kjeller check.  KJ_CASE: the case; kjeller on PATH.
(require 'package)
(setq package-directory-list (cons "/usr/share/emacs/site-lisp/elpa" package-directory-list))
(package-initialize)
(require 'eglot)
(require 'kjeller-mode)
(find-file (getenv "KJ_CASE"))
;; (eglot-ensure waits for the command loop, which batch Emacs has not)
(apply #'eglot (eglot--guess-contact))
(let ((n 0)) (while (and (< n 300) (not (eglot-current-server))) (accept-process-output nil 0.1) (setq n (1+ n))))
(let ((n 0) diags)
  (while (and (< n 300) (< (length (seq-filter (lambda (d) (eq (flymake-diagnostic-type d) 'eglot-error)) (setq diags (flymake-diagnostics)))) 3))
    (accept-process-output nil 0.1) (setq n (1+ n)))
  (princ (format "server %s\n" (and (eglot-current-server) t)))
  (princ (format "errors %d\n" (length (seq-filter (lambda (d) (eq (flymake-diagnostic-type d) 'eglot-error)) diags))))
  (dolist (d diags)
    (when (eq (flymake-diagnostic-type d) 'eglot-error)
      (princ (format "line %d: %s\n" (line-number-at-pos (flymake-diagnostic-beg d)) (car (split-string (flymake-diagnostic-text d) "\n")))))))
(when (eglot-current-server) (eglot-shutdown (eglot-current-server)))
