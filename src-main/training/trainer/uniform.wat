;; Eight interleaved sfc32 generators in two i32x4 register sets, writing U[lo, lo + scale·2³²) as
;; f64: value 8k + l is lane l's k-th draw (lanes 0–3 the first set, 4–7 the second). Two independent
;; sets keep the core busy where one set's recurrence would stall it. The fresh-batch sampler's inner
;; loop (trainer/uniform.ts has the same generator in JS, value for value). State: a, b, c, d of the
;; first set as v128 at bytes 0..63, of the second at 64..127.
(module
  (import "env" "mem" (memory 1))
  (func (export "fill") (param $out i32) (param $count i32) (param $lo f64) (param $scale f64)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $t v128)
    (local $e v128) (local $f v128) (local $g v128) (local $h v128) (local $s v128)
    (local $vlo v128) (local $vs v128) (local $one v128) (local $end i32)
    (local.set $a (v128.load (i32.const 0)))
    (local.set $b (v128.load (i32.const 16)))
    (local.set $c (v128.load (i32.const 32)))
    (local.set $d (v128.load (i32.const 48)))
    (local.set $e (v128.load (i32.const 64)))
    (local.set $f (v128.load (i32.const 80)))
    (local.set $g (v128.load (i32.const 96)))
    (local.set $h (v128.load (i32.const 112)))
    (local.set $vlo (f64x2.splat (local.get $lo)))
    (local.set $vs (f64x2.splat (local.get $scale)))
    (local.set $one (i32x4.splat (i32.const 1)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        ;; sfc32 on both sets: t = a + b + d; d += 1; a = b ^ (b >>> 9); b = c + (c << 3); c = rotl(c, 21) + t
        (local.set $t (i32x4.add (i32x4.add (local.get $a) (local.get $b)) (local.get $d)))
        (local.set $s (i32x4.add (i32x4.add (local.get $e) (local.get $f)) (local.get $h)))
        (local.set $d (i32x4.add (local.get $d) (local.get $one)))
        (local.set $h (i32x4.add (local.get $h) (local.get $one)))
        (local.set $a (v128.xor (local.get $b) (i32x4.shr_u (local.get $b) (i32.const 9))))
        (local.set $e (v128.xor (local.get $f) (i32x4.shr_u (local.get $f) (i32.const 9))))
        (local.set $b (i32x4.add (local.get $c) (i32x4.shl (local.get $c) (i32.const 3))))
        (local.set $f (i32x4.add (local.get $g) (i32x4.shl (local.get $g) (i32.const 3))))
        (local.set $c
          (i32x4.add
            (v128.or (i32x4.shl (local.get $c) (i32.const 21)) (i32x4.shr_u (local.get $c) (i32.const 11)))
            (local.get $t)))
        (local.set $g
          (i32x4.add
            (v128.or (i32x4.shl (local.get $g) (i32.const 21)) (i32x4.shr_u (local.get $g) (i32.const 11)))
            (local.get $s)))
        (v128.store (local.get $out)
          (f64x2.add (local.get $vlo) (f64x2.mul (f64x2.convert_low_i32x4_u (local.get $t)) (local.get $vs))))
        (v128.store offset=16 (local.get $out)
          (f64x2.add (local.get $vlo)
            (f64x2.mul
              (f64x2.convert_low_i32x4_u
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t)))
              (local.get $vs))))
        (v128.store offset=32 (local.get $out)
          (f64x2.add (local.get $vlo) (f64x2.mul (f64x2.convert_low_i32x4_u (local.get $s)) (local.get $vs))))
        (v128.store offset=48 (local.get $out)
          (f64x2.add (local.get $vlo)
            (f64x2.mul
              (f64x2.convert_low_i32x4_u
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s) (local.get $s)))
              (local.get $vs))))
        (local.set $out (i32.add (local.get $out) (i32.const 64)))
        (br $next)))
    (v128.store (i32.const 0) (local.get $a))
    (v128.store (i32.const 16) (local.get $b))
    (v128.store (i32.const 32) (local.get $c))
    (v128.store (i32.const 48) (local.get $d))
    (v128.store (i32.const 64) (local.get $e))
    (v128.store (i32.const 80) (local.get $f))
    (v128.store (i32.const 96) (local.get $g))
    (v128.store (i32.const 112) (local.get $h))))
