;; C = D·B in float32 (D n × m, B m × k, C n × k, row-major f32): the Float32 path's input
;; gradient (wasm32.ts adds it to the Float64 result when accumulating). For 4 rows of D and a
;; strip of 8 columns of B, the 4 × 8 block of C is summed over all m in registers (two f32x4 a
;; row) and stored once. wasm32.ts pads the operands: n a multiple of 4, k of 8; m is any count.
;; Each term is a relaxed_madd, as in gemm32NT.wat (one FMA where the CPU has it).
;; Pointers are byte offsets into env.mem; $ld is D's row stride in elements.
(module
  (import "env" "mem" (memory 1))

  (func (export "gemm32NN")
    (param $D i32) (param $n i32) (param $m i32) (param $B i32) (param $k i32) (param $C i32) (param $ld i32)
    (local $kb i32) (local $ldb i32) (local $r i32) (local $o i32) (local $j i32)
    (local $b i32) (local $d i32) (local $c i32)
    ;; $sRH: C[r + R, j + 4H .. j + 4H + 4]
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local $u v128) (local $v v128) (local $w v128)
    (local.set $kb (i32.mul (local.get $k) (i32.const 4)))
    (local.set $ldb (i32.mul (local.get $ld) (i32.const 4)))

    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.gt_s (i32.add (local.get $r) (i32.const 4)) (local.get $n)))

        ;; $j walks k in bytes, a strip of 8 elements at a time
        (local.set $j (i32.const 0))
        (block $stripsDone
          (loop $strips
            (br_if $stripsDone (i32.ge_s (local.get $j) (local.get $kb)))
            (local.set $s00 (v128.const f32x4 0 0 0 0))
            (local.set $s01 (v128.const f32x4 0 0 0 0))
            (local.set $s10 (v128.const f32x4 0 0 0 0))
            (local.set $s11 (v128.const f32x4 0 0 0 0))
            (local.set $s20 (v128.const f32x4 0 0 0 0))
            (local.set $s21 (v128.const f32x4 0 0 0 0))
            (local.set $s30 (v128.const f32x4 0 0 0 0))
            (local.set $s31 (v128.const f32x4 0 0 0 0))
            ;; $b walks down B at column j, $d along row r of D
            (local.set $b (i32.add (local.get $B) (local.get $j)))
            (local.set $d (i32.add (local.get $D) (i32.mul (local.get $r) (local.get $ldb))))
            (local.set $o (local.get $m))
            (block $dotDone
              (loop $dot
                (br_if $dotDone (i32.eqz (local.get $o)))
                (local.set $u (v128.load offset=0 align=4 (local.get $b)))
                (local.set $v (v128.load offset=16 align=4 (local.get $b)))
                (local.set $w (v128.load32_splat align=4 (local.get $d)))
                (local.set $s00 (f32x4.relaxed_madd (local.get $w) (local.get $u) (local.get $s00)))
                (local.set $s01 (f32x4.relaxed_madd (local.get $w) (local.get $v) (local.get $s01)))
                (local.set $w (v128.load32_splat align=4 (i32.add (local.get $d) (local.get $ldb))))
                (local.set $s10 (f32x4.relaxed_madd (local.get $w) (local.get $u) (local.get $s10)))
                (local.set $s11 (f32x4.relaxed_madd (local.get $w) (local.get $v) (local.get $s11)))
                (local.set $w (v128.load32_splat align=4 (i32.add (local.get $d) (i32.mul (local.get $ldb) (i32.const 2)))))
                (local.set $s20 (f32x4.relaxed_madd (local.get $w) (local.get $u) (local.get $s20)))
                (local.set $s21 (f32x4.relaxed_madd (local.get $w) (local.get $v) (local.get $s21)))
                (local.set $w (v128.load32_splat align=4 (i32.add (local.get $d) (i32.mul (local.get $ldb) (i32.const 3)))))
                (local.set $s30 (f32x4.relaxed_madd (local.get $w) (local.get $u) (local.get $s30)))
                (local.set $s31 (f32x4.relaxed_madd (local.get $w) (local.get $v) (local.get $s31)))
                (local.set $b (i32.add (local.get $b) (local.get $kb)))
                (local.set $d (i32.add (local.get $d) (i32.const 4)))
                (local.set $o (i32.sub (local.get $o) (i32.const 1)))
                (br $dot)))

            ;; $c walks down the four rows of C at column j
            (local.set $c (i32.add (i32.add (local.get $C) (i32.mul (local.get $r) (local.get $kb))) (local.get $j)))
            (v128.store offset=0 align=4 (local.get $c) (local.get $s00))
            (v128.store offset=16 align=4 (local.get $c) (local.get $s01))
            (local.set $c (i32.add (local.get $c) (local.get $kb)))
            (v128.store offset=0 align=4 (local.get $c) (local.get $s10))
            (v128.store offset=16 align=4 (local.get $c) (local.get $s11))
            (local.set $c (i32.add (local.get $c) (local.get $kb)))
            (v128.store offset=0 align=4 (local.get $c) (local.get $s20))
            (v128.store offset=16 align=4 (local.get $c) (local.get $s21))
            (local.set $c (i32.add (local.get $c) (local.get $kb)))
            (v128.store offset=0 align=4 (local.get $c) (local.get $s30))
            (v128.store offset=16 align=4 (local.get $c) (local.get $s31))

            (local.set $j (i32.add (local.get $j) (i32.const 32)))
            (br $strips)))

        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rows)))))
