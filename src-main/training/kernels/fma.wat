;; a · b + c with f32x4.relaxed_madd, lane 0: relaxedSimd.ts asks it whether the multiply-add the
;; Float32 products use rounds once here (an FMA instruction) or twice (a multiply, then an add).
(module
  (func (export "madd") (param $a f32) (param $b f32) (param $c f32) (result f32)
    (f32x4.extract_lane 0
      (f32x4.relaxed_madd (f32x4.splat (local.get $a)) (f32x4.splat (local.get $b)) (f32x4.splat (local.get $c))))))
