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
    "step.net_new": {"en": "The forward pass runs again with the updated weights, through the "
                           "new hidden outputs out⁺: the new net input of {output}.",
                     "zh": "用更新后的权重重新做一次前向传播（先算出新的隐藏层输出 out⁺）："
                           "{output} 新的净输入。"},
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
    "practice.score": {"en": "{phase}: {right} right of {total}",
                       "zh": "{phase}：{total} 题中答对 {right} 题"},
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
        "en": "Real handwritten digits: the 1,797 8×8 images (UCI, CC BY 4.0) that ship with "
              "the app, or MNIST's 28×28 images from your own IDX files. A relu/softmax "
              "network learns them with the same backprop, mini-batch by mini-batch; softmax "
              "with cross-entropy makes δ = out − target.",
        "zh": "真实的手写数字：应用自带的 1,797 张 8×8 图像（UCI，CC BY 4.0），或用你自己的 "
              "IDX 文件提供的 MNIST 28×28 图像。一个 relu/softmax 网络用同样的反向传播、"
              "按小批量学习它们；softmax 加交叉熵使 δ = out − target。"},
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
        "en": "Gradient descent w ← w − η·∂E/∂w with several learning rates η at once, each "
              "trained 10,000 times from the same start in one batched run.",
        "zh": "梯度下降 w ← w − η·∂E/∂w：同时比较几个学习率 η，每个都从同一起点训练 10,000 次，"
              "一次批量运行完成。"},
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
    "verdict.too_slow": {"en": "too slow / stalled", "zh": "太慢／停滞"},
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
              "(f∘g)′(x) = f′(g(x))·g′(x), applied again and again.",
        "zh": "x → 隐藏神经元 h = σ(w1·x) → 输出 ŷ = σ(w2·h) → 损失 J。每个权重的梯度，是从"
              "输出往回走到它时各个局部导数的乘积：(f∘g)′(x) = f′(g(x))·g′(x)，一次又一次地应用。"},
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
    "activations.value": {"en": "f(z)", "zh": "函数值 f(z)"},
    "activations.derivative": {"en": "derivative f′(z)", "zh": "导数 f′(z)"},
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
    # --- results shared by every session (structure) -----------------------------
    "shared.waiting": {
        "en": "The same result is already being computed on this server (for you in another "
              "tab, or for someone else); it appears here as soon as it is ready.",
        "zh": "服务器上已经在计算同一结果（可能是你在另一个标签页里，也可能是别人），"
              "算完后会立即显示在这里。",
    },
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
    "pool.retry": {"en": "Try again", "zh": "再试一次"},
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
