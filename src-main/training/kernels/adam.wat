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
        (br $next))))

  ;; The Float32 path's Adam (adamWasm.ts, `quotient32`): m and v as above, to the bit, but the
  ;; update's quotient step·m / (√v·c2 + ε) in float32, four at a time, subtracted from the Float64
  ;; weight. Float64 sqrt and division were half of Adam's time (116 µs for 50,000 parameters, 66
  ;; without them); f32x4 gives four of each per instruction. The quotient is within a few float32
  ;; ulps of the Float64 one, the moments and master weights stay Float64. $bytes a multiple of 32.
  (func (export "adamQ32")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $bytes i32) (param $hp i32)
    (local $i i32)
    (local $b1 v128) (local $a1 v128) (local $b2 v128) (local $a2 v128)
    (local $step v128) (local $c2 v128) (local $eps v128)
    (local $g0 v128) (local $g1 v128) (local $m0 v128) (local $m1 v128) (local $v0 v128) (local $v1 v128) (local $q v128)
    (local.set $b1 (f64x2.splat (f64.load offset=0 (local.get $hp))))
    (local.set $a1 (f64x2.splat (f64.load offset=8 (local.get $hp))))
    (local.set $b2 (f64x2.splat (f64.load offset=16 (local.get $hp))))
    (local.set $a2 (f64x2.splat (f64.load offset=24 (local.get $hp))))
    (local.set $step (f64x2.splat (f64.load offset=32 (local.get $hp))))
    (local.set $c2 (f32x4.splat (f32.demote_f64 (f64.load offset=40 (local.get $hp)))))
    (local.set $eps (f32x4.splat (f32.demote_f64 (f64.load offset=48 (local.get $hp)))))

    (block $done
      (loop $next
        (br_if $done (i32.gt_s (i32.add (local.get $i) (i32.const 32)) (local.get $bytes)))
        (local.set $g0 (v128.load align=8 (i32.add (local.get $g) (local.get $i))))
        (local.set $g1 (v128.load offset=16 align=8 (i32.add (local.get $g) (local.get $i))))

        ;; m = β1·m + (1 − β1)·g and v = β2·v + (1 − β2)·g·g, as adam
        (local.set $m0 (f64x2.add (f64x2.mul (local.get $b1) (v128.load align=8 (i32.add (local.get $m) (local.get $i))))
          (f64x2.mul (local.get $a1) (local.get $g0))))
        (local.set $m1 (f64x2.add (f64x2.mul (local.get $b1) (v128.load offset=16 align=8 (i32.add (local.get $m) (local.get $i))))
          (f64x2.mul (local.get $a1) (local.get $g1))))
        (v128.store align=8 (i32.add (local.get $m) (local.get $i)) (local.get $m0))
        (v128.store offset=16 align=8 (i32.add (local.get $m) (local.get $i)) (local.get $m1))
        (local.set $v0 (f64x2.add (f64x2.mul (local.get $b2) (v128.load align=8 (i32.add (local.get $v) (local.get $i))))
          (f64x2.mul (f64x2.mul (local.get $a2) (local.get $g0)) (local.get $g0))))
        (local.set $v1 (f64x2.add (f64x2.mul (local.get $b2) (v128.load offset=16 align=8 (i32.add (local.get $v) (local.get $i))))
          (f64x2.mul (f64x2.mul (local.get $a2) (local.get $g1)) (local.get $g1))))
        (v128.store align=8 (i32.add (local.get $v) (local.get $i)) (local.get $v0))
        (v128.store offset=16 align=8 (i32.add (local.get $v) (local.get $i)) (local.get $v1))

        ;; q = f32(step·m) / (√f32(v)·c2 + ε), two f64x2 demoted into the halves of one f32x4
        (local.set $q
          (f32x4.div
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (f64x2.mul (local.get $step) (local.get $m0)))
              (f32x4.demote_f64x2_zero (f64x2.mul (local.get $step) (local.get $m1))))
            (f32x4.add
              (f32x4.mul
                (f32x4.sqrt
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                    (f32x4.demote_f64x2_zero (local.get $v0)) (f32x4.demote_f64x2_zero (local.get $v1))))
                (local.get $c2))
              (local.get $eps))))
        ;; w −= q, widened
        (v128.store align=8 (i32.add (local.get $w) (local.get $i))
          (f64x2.sub (v128.load align=8 (i32.add (local.get $w) (local.get $i))) (f64x2.promote_low_f32x4 (local.get $q))))
        (v128.store offset=16 align=8 (i32.add (local.get $w) (local.get $i))
          (f64x2.sub (v128.load offset=16 align=8 (i32.add (local.get $w) (local.get $i)))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $q) (local.get $q)))))

        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $next)))))
