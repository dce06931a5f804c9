;; C = A·Bᵀ in float32 (A n × k, B m × k, C n × m, f32): the Float32 path's forward product.
;; The operands come packed in panels (convert32.wat's pack): A in panels of 4 rows, B of 2, each
;; panel's rows interleaved four values at a time, so one pointer walks each panel and every load
;; is at a constant offset from it (a third fewer instructions a step than rows apart). A block of
;; 4 rows × 2 columns of C is summed with f32x4 SIMD along k and its four lanes added at the end, as
;; a BLAS accumulates in float32. Each term is a relaxed_madd: one FMA where the CPU has it, half
;; the instructions of a multiply and an add (relaxedSimd.ts). wasm32.ts pads: n a multiple of 4,
;; m of 2, k of 8.
;; Pointers are byte offsets into env.mem; $ld is C's row stride in elements.
(module
  (import "env" "mem" (memory 1))
  ;; lane 0 + lane 1 + lane 2 + lane 3, pairwise
  (func $sum (param $s v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 1 (local.get $s)))
      (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s)))))
  (func (export "gemm32NT")
    (param $A i32) (param $n i32) (param $k i32) (param $B i32) (param $m i32) (param $C i32) (param $ld i32)
    (local $ldb i32) (local $r i32) (local $o i32) (local $pa i32) (local $pb i32) (local $end i32) (local $ap i32) (local $c i32)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128) (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128) (local $u v128) (local $v v128) (local $p v128)
    (local.set $ldb (i32.mul (local.get $ld) (i32.const 4)))
    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $r) (local.get $n)))
        ;; the panel of rows r..r + 3 of A, the panel of rows o, o + 1 of B
        (local.set $ap (i32.add (local.get $A) (i32.mul (local.get $r) (i32.mul (local.get $k) (i32.const 4)))))
        (local.set $o (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_s (local.get $o) (local.get $m)))
            (local.set $s00 (v128.const f32x4 0 0 0 0))
            (local.set $s01 (v128.const f32x4 0 0 0 0))
            (local.set $s10 (v128.const f32x4 0 0 0 0))
            (local.set $s11 (v128.const f32x4 0 0 0 0))
            (local.set $s20 (v128.const f32x4 0 0 0 0))
            (local.set $s21 (v128.const f32x4 0 0 0 0))
            (local.set $s30 (v128.const f32x4 0 0 0 0))
            (local.set $s31 (v128.const f32x4 0 0 0 0))
            (local.set $pa (local.get $ap))
            (local.set $pb (i32.add (local.get $B) (i32.mul (local.get $o) (i32.mul (local.get $k) (i32.const 4)))))
            (local.set $end (i32.add (local.get $pb) (i32.mul (local.get $k) (i32.const 8))))
            ;; four values of k a step: B's two rows at +0 and +16, A's four at +0 … +48
            (loop $dot
                (local.set $u (v128.load offset=0 align=4 (local.get $pb)))
                (local.set $v (v128.load offset=16 align=4 (local.get $pb)))
                (local.set $p (v128.load offset=0 align=4 (local.get $pa)))
                (local.set $s00 (f32x4.relaxed_madd (local.get $p) (local.get $u) (local.get $s00)))
                (local.set $s01 (f32x4.relaxed_madd (local.get $p) (local.get $v) (local.get $s01)))
                (local.set $p (v128.load offset=16 align=4 (local.get $pa)))
                (local.set $s10 (f32x4.relaxed_madd (local.get $p) (local.get $u) (local.get $s10)))
                (local.set $s11 (f32x4.relaxed_madd (local.get $p) (local.get $v) (local.get $s11)))
                (local.set $p (v128.load offset=32 align=4 (local.get $pa)))
                (local.set $s20 (f32x4.relaxed_madd (local.get $p) (local.get $u) (local.get $s20)))
                (local.set $s21 (f32x4.relaxed_madd (local.get $p) (local.get $v) (local.get $s21)))
                (local.set $p (v128.load offset=48 align=4 (local.get $pa)))
                (local.set $s30 (f32x4.relaxed_madd (local.get $p) (local.get $u) (local.get $s30)))
                (local.set $s31 (f32x4.relaxed_madd (local.get $p) (local.get $v) (local.get $s31)))
                (local.set $pa (i32.add (local.get $pa) (i32.const 64)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
                (br_if $dot (i32.lt_u (local.get $pb) (local.get $end))))
            (local.set $c (i32.add (i32.add (local.get $C) (i32.mul (local.get $r) (local.get $ldb))) (i32.mul (local.get $o) (i32.const 4))))
            (f32.store offset=0 (local.get $c) (call $sum (local.get $s00)))
            (f32.store offset=4 (local.get $c) (call $sum (local.get $s01)))
            (local.set $c (i32.add (local.get $c) (local.get $ldb)))
            (f32.store offset=0 (local.get $c) (call $sum (local.get $s10)))
            (f32.store offset=4 (local.get $c) (call $sum (local.get $s11)))
            (local.set $c (i32.add (local.get $c) (local.get $ldb)))
            (f32.store offset=0 (local.get $c) (call $sum (local.get $s20)))
            (f32.store offset=4 (local.get $c) (call $sum (local.get $s21)))
            (local.set $c (i32.add (local.get $c) (local.get $ldb)))
            (f32.store offset=0 (local.get $c) (call $sum (local.get $s30)))
            (f32.store offset=4 (local.get $c) (call $sum (local.get $s31)))
            (local.set $o (i32.add (local.get $o) (i32.const 2)))
            (br $cols)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rows)))))
