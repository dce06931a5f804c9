;; Adam over every parameter element, two f64 lanes at a time. adamWasm.ts lays the parameters'
;; values w, grads g and moments m, v out as four arrays of the same length in one memory.
;; The operations and their order are those of the JS loop in optim.ts, so the numbers are
;; identical to the last bit: IEEE add, mul, div and sqrt are correctly rounded in both.
(module
  (import "env" "mem" (memory 1))

  ;; $w, $g, $m, $v: byte offsets of the four arrays; $bytes: the length of each, a multiple of 16;
  ;; $hp: byte offset of seven f64 hyperparameters: β1, 1 − β1, β2, 1 − β2, step size, c2, ε.
  (func (export "adam")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $bytes i32) (param $hp i32)
    (local $i i32) (local $at i32)
    (local $b1 v128) (local $a1 v128) (local $b2 v128) (local $a2 v128)
    (local $step v128) (local $c2 v128) (local $eps v128)
    (local $gi v128) (local $mi v128) (local $vi v128)
    (local.set $b1 (f64x2.splat (f64.load offset=0 (local.get $hp))))
    (local.set $a1 (f64x2.splat (f64.load offset=8 (local.get $hp))))
    (local.set $b2 (f64x2.splat (f64.load offset=16 (local.get $hp))))
    (local.set $a2 (f64x2.splat (f64.load offset=24 (local.get $hp))))
    (local.set $step (f64x2.splat (f64.load offset=32 (local.get $hp))))
    (local.set $c2 (f64x2.splat (f64.load offset=40 (local.get $hp))))
    (local.set $eps (f64x2.splat (f64.load offset=48 (local.get $hp))))

    (local.set $i (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.gt_s (i32.add (local.get $i) (i32.const 16)) (local.get $bytes)))

        (local.set $at (i32.add (local.get $g) (local.get $i)))
        (local.set $gi (v128.load align=8 (local.get $at)))

        ;; m = β1·m + (1 − β1)·g
        (local.set $at (i32.add (local.get $m) (local.get $i)))
        (v128.store align=8 (local.get $at)
          (local.tee $mi
            (f64x2.add
              (f64x2.mul (local.get $b1) (v128.load align=8 (local.get $at)))
              (f64x2.mul (local.get $a1) (local.get $gi)))))

        ;; v = β2·v + (1 − β2)·g·g
        (local.set $at (i32.add (local.get $v) (local.get $i)))
        (v128.store align=8 (local.get $at)
          (local.tee $vi
            (f64x2.add
              (f64x2.mul (local.get $b2) (v128.load align=8 (local.get $at)))
              (f64x2.mul (f64x2.mul (local.get $a2) (local.get $gi)) (local.get $gi)))))

        ;; w −= step·m / (√v·c2 + ε)
        (local.set $at (i32.add (local.get $w) (local.get $i)))
        (v128.store align=8 (local.get $at)
          (f64x2.sub
            (v128.load align=8 (local.get $at))
            (f64x2.div
              (f64x2.mul (local.get $step) (local.get $mi))
              (f64x2.add (f64x2.mul (f64x2.sqrt (local.get $vi)) (local.get $c2)) (local.get $eps)))))

        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))))
