"""한국어 interface text: the same keys as ``en.py``."""

MESSAGES: dict[str, str] = {
    # page
    "page.ask": "질문하기",
    "page.dashboards": "대시보드",
    "page.metrics": "지표",
    "page.edit": "편집",
    "page.settings": "설정",
    # ask
    "ask.intro": (
        "비즈니스에 대해 한국어나 영어로 물어보세요. 모든 숫자는 지표 카탈로그에서 나옵니다."
    ),
    "ask.try": "이런 질문을 해 보세요",
    "ask.try_caption": (
        "아래에 직접 입력하거나 예시에서 시작하세요. 이어지는 질문은 앞의 맥락을 유지합니다."
    ),
    "ask.placeholder": "질문을 입력하세요. 예: 지난달 지역별 매출",
    "ask.new_conversation": "새 대화",
    "ask.working": "답을 찾고 있습니다…",
    "ask.answered_in": "{ms} ms 만에 답했습니다",
    "ask.needs_choice": "선택이 필요합니다 ({ms} ms)",
    "ask.cannot_express": "지표 카탈로그로는 표현할 수 없는 질문입니다",
    "ask.failed_at": "멈춘 단계: {stage}",
    "ask.edit_interpretation": "해석 수정하기",
    # stage
    "stage.ground": "질문의 단어를 시맨틱 레이어에 연결",
    "stage.plan": "쿼리 계획",
    "stage.compile": "계획을 SQL로 변환",
    "stage.guard": "SQL 검증 (읽기 전용 확인)",
    "stage.execute": "쿼리 실행",
    "stage.present": "차트와 설명 작성",
    "stage.run": "실행",
    # history
    "history.title": "최근 질문",
    "history.ask_again": "다시 묻기 (마지막 질문 {when})",
    # grain
    "grain.day": "일",
    "grain.week": "주",
    "grain.month": "월",
    "grain.quarter": "분기",
    "grain.year": "연도",
    # tile
    "tile.metrics_joiner": "·",
    "tile.by": "{breakdown}별 {metrics}",
    # save
    "save.button": "대시보드에 저장",
    "save.dashboard": "대시보드",
    "save.new_option": "새 대시보드…",
    "save.new_title": "새 대시보드 제목",
    "save.new_title_hint": "제목을 입력하면 새 대시보드를 만듭니다",
    "save.tile_title": "타일 제목",
    "save.type_title": "새 대시보드 제목을 입력하세요",
    "save.to_new": "새 대시보드 “{title}”에 저장",
    "save.to": "“{title}”에 저장",
    "save.saved": "“{tile}” 타일을 {dashboard}에 저장했습니다.",
    "save.open": "대시보드 열기",
    # layout
    "layout.fix_yaml": "편집기에서 YAML 고치기",
    "layout.open_settings": "설정 열기",
    "layout.no_database": (
        "데이터베이스에 연결할 수 없어 질문을 실행할 수 없습니다: {problem} 다른"
        " 기능은 동작합니다. 설정 페이지에서 데이터 소스를 확인하세요."
    ),
    "layout.bad_model": "모델 설정을 사용할 수 없어 ({problem}) 오프라인 플래너만 사용합니다.",
    # settings
    "settings.intro": "화면 언어, 데이터를 읽는 곳, 그리고 사용하는 모델(있다면)을 정합니다.",
    "settings.language": "언어",
    "settings.language_label": "화면 언어",
    "settings.language_auto": "브라우저 언어 따르기",
    "settings.data_source": "데이터 소스",
    "settings.project_folder": "프로젝트 폴더: `{root}`",
    "settings.connected_to": "`{source}`에 연결됨 ({dialect}).",
    "settings.database_url": "데이터베이스 URL",
    "settings.test": "연결 테스트",
    "settings.connecting": "연결하는 중…",
    "settings.use": "이 세션에 사용",
    "settings.reload": "프로젝트 다시 읽고 재연결",
    "settings.model": "언어 모델",
    "settings.model_in_use": "사용 중인 모델: {model}",
    "settings.offline_only": (
        "오프라인 플래너만 사용합니다. 지표 카탈로그로 표현할 수 있는 질문은 모델 없이 "
        "답합니다. 나머지를 위해서는 `ASKBI_LLM_MODEL`과 "
        "`OPENAI_API_KEY` 또는 `OPENAI_BASE_URL`(Ollama,"
        " vLLM 등)을 설정하세요."
    ),
    "settings.planner": "플래너",
    "settings.api_key": "API 키",
    "settings.key_set": "설정됨 (표시하지 않음)",
    "settings.key_unset": "설정 안 됨",
    "settings.timeout": "질문당 제한 시간",
    "settings.row_cap": "최대 행 수",
    "settings.today": "상대 날짜의 기준일",
    # answer
    "answer.not_answered": "이 질문에는 답할 수 없었습니다.",
    "answer.did_you_mean": "이것을 찾으셨나요: {options}?",
    "answer.table": "표",
    "answer.understood": "질문을 이해한 방식",
    "answer.ask_option": "질문하기: {question}",
    "answer.rephrase": "지표 페이지에 있는 지표로 질문을 바꿔 보세요.",
    "answer.no_rows": "행이 없습니다.",
    "answer.truncated": "처음 {rows}개 행만 표시합니다.",
    "answer.from": "답의 출처: {source}",
    "answer.confidence": "신뢰도 {confidence}",
    "answer.versions": "지표 버전 {versions}",
    # period
    "period.half_1": "{year}년 상반기",
    "period.until": "{day}까지",
    "period.half_2": "{year}년 하반기",
    # source
    "source.verified": "검증된 쿼리",
    "source.planner": "오프라인 플래너",
    "source.llm-plan": "모델이 세운 계획",
    "source.llm-sql": "모델이 작성한 SQL",
    # promote
    "promote.button": "검증된 쿼리로 등록",
    "promote.caption": (
        "검증된 쿼리는 같은 뜻의 이후 질문에 모두 답합니다. 지표 담당자로서 직접 확인한"
        " 답만 등록하세요."
    ),
    "promote.owner": "이름 (지표 담당자)",
    "promote.question": "이 쿼리가 답하는 질문",
    "promote.note": "메모 (선택)",
    "promote.submit": "등록",
    "promote.done": "검증된 쿼리 '{name}'(으)로 등록했습니다. 등록자: {owner}.",
    # feedback
    "feedback.thanks": "감사합니다. 의견을 지표 담당자에게 전달하도록 저장했습니다.",
    # dash
    "dash.intro": (
        "저장된 답을 계획대로 다시 계산합니다. 필터 바는 해당 차원을 가진 모든 타일에 적용됩니다."
    ),
    "dash.dates": "기간 (모든 타일)",
    "dash.filter_by": "필터 기준",
    "dash.no_filter": "필터 없음",
    "dash.values": "값",
    "dash.refresh": "새로고침",
    "dash.remove": "삭제",
    "dash.none": (
        "아직 대시보드가 없습니다. 질문하기 페이지에서 질문한 뒤 답 아래의 **대시보드에"
        " 저장**을 누르세요. 타일은 질문의 계획을 저장하므로 언제나 같은 뜻을 "
        "유지합니다."
    ),
    "dash.ask": "질문하기",
    "dash.empty": "이 대시보드에는 아직 타일이 없습니다. 질문하기 페이지에서 답을 저장하세요.",
    "dash.refreshing": "타일을 새로 고치는 중…",
    "dash.failed": " · {count}개 실패",
    "dash.refreshed": (
        "마지막 새로 고침 {at} · 타일 {tiles}개, {ms} ms{failed} · 데이터 기준일 {today}"
    ),
    # metrics
    "metrics.intro": (
        "모든 KPI의 버전 관리되는 단일 정의와, 그 지표가 계산되는 시맨틱 레이어입니다."
    ),
    "metrics.catalog": "지표 카탈로그",
    "metrics.layer": "시맨틱 레이어",
    "metrics.metric": "지표",
    "metrics.history": "버전 기록",
    "metrics.sql": "컴파일된 SQL",
    "metrics.usage": "사용처",
    "metrics.no_changelog": "아직 변경 기록이 없습니다.",
    "metrics.sql_caption": "12개월 차트의 SQL (이 웨어하우스의 방언).",
    "metrics.owner": "담당자: {owner}",
    "metrics.definition": "정의",
    "metrics.synonyms": "동의어",
    "metrics.computed_from": "계산 재료",
    "metrics.used_by": "이 지표를 쓰는 지표",
    "metrics.dimensions": "나눠 볼 수 있는 기준",
    "metrics.replaced_by": "대체 지표",
    "metrics.last_12": "최근 12개월",
    "metrics.no_tile": "이 지표를 쓰는 대시보드 타일이 없습니다.",
    "metrics.cases": "회귀 테스트 케이스",
    "metrics.no_case": "이 지표를 쓰는 회귀 테스트 케이스가 없습니다.",
    "metrics.tables": "테이블",
    "metrics.columns_of": "컬럼 보기",
    "metrics.dimensions_heading": "**차원** — 질문에서 나눠 보고 거를 수 있는 기준",
    "metrics.joins": "조인",
    "metrics.glossary": "용어집",
    "metrics.search": "지표 찾기",
    "metrics.search_hint": "이름이나 동의어, 예: 객단가 또는 AOV",
    "metrics.none_found": "“{query}”(이)라는 지표가 없어 모두 보여 줍니다.",
    "metrics.table": "지표 {count}개 전체를 표로 보기",
    # edit
    "edit.checking": "초안을 확인하는 중…",
    "edit.invalid": "초안에 문제가 있습니다",
    "edit.checked": "정의 확인 완료: 무엇이 바뀌는지 보세요",
    "edit.running": "변경의 영향을 받는 항목을 다시 실행하는 중",
    "edit.cases_count": "회귀 테스트 케이스 {total}개 중 {done}개 완료",
    "edit.cancel": "취소",
    "edit.suite": "묶음",
    "edit.case": "케이스",
    "edit.outcome": "결과",
    "edit.first_difference": "첫 번째 차이",
    "edit.no_snapshot_explained": (
        "“저장된 결과 없음”은 이 데이터에 대해 케이스의 답이 저장된 적이 없어 숫자를 "
        "비교할 대상이 없다는 뜻입니다. 계획은 확인했습니다. `askbi check "
        "--update-snapshots`로 기준을 저장하세요."
    ),
    # outcome
    "outcome.passed": "통과",
    "outcome.failed": "실패",
    "outcome.inconsistent": "불일치",
    "outcome.no snapshot": "저장된 결과 없음",
    # answer
    "answer.try_instead": "이런 질문은 답할 수 있습니다:",
    "answer.see_metrics": "질문할 수 있는 모든 지표 보기",
    # ask
    "ask.not_answered": "이 질문에는 답하지 못했습니다",
    # chart
    "chart.kind": "보기 방식",
    "chart.line": "선",
    "chart.bar": "막대",
    "chart.table": "표",
    "chart.number": "숫자",
    # edit
    "edit.plain_editor": "일반 텍스트 상자",
    "edit.plain_editor_help": (
        "코드 편집기(줄 번호, 강조 표시) 대신 간단한 텍스트 상자에서 편집합니다."
    ),
    # metrics
    "metrics.column.label": "이름",
    "metrics.column.name": "코드 이름",
    "metrics.column.type": "유형",
    "metrics.column.status": "상태",
    "metrics.column.version": "버전",
    "metrics.column.owner": "담당자",
    # edit
    "edit.intro": (
        "지표 카탈로그나 시맨틱 레이어 YAML을 고칩니다. 검증하면 모든 문제, 변경 "
        "내용, 바뀌는 SQL과 숫자, 영향받는 회귀 테스트 케이스를 보여 줍니다. 그다음"
        " 저장하세요."
    ),
    "edit.file": "파일",
    "edit.yaml_of": "{file}의 YAML",
    "edit.validate": "검증",
    # answer
    "answer.as_of": "데이터 기준일 {day}",
    # edit
    "edit.draft_of": "{file} 초안",
    "edit.follow_on": "다른 파일의 문제 {count}개 (아마 이 문제 때문입니다)",
    # export
    "export.answer": "답변",
    "export.about": "정보",
    "export.question": "질문",
    "export.understood": "해석",
    "export.versions": "지표 버전",
    "export.as_of": "기준일",
    # note: how an answer was reached (app/i18n/notes.py)
    "note.counted": "'{word}'을(를) '{metric}'(으)로 셌습니다.",
    "note.counted_distinct": "서로 다른 {thing}의 수를 '{metric}'(으)로 셌습니다.",
    "note.about": "'{words}'은(는) {metric}의 대상으로 읽었습니다.",
    "note.per": "'… 당 …'을 '{metric}'(으)로 읽었습니다.",
    "note.grouped": "'{words}'에 따라 {dimension}별로 나눴습니다.",
    "note.compared_values": "{dimension}별로 비교했습니다: 말한 값마다 한 행입니다.",
    "note.literal.eq": "'{value}'을(를) {dimension}의 값으로 읽었습니다.",
    "note.literal.contains": "'{value}'을(를) {dimension}에 들어 있는 글자로 읽었습니다.",
    "note.literal.starts_with": "'{value}'을(를) {dimension}의 시작 부분으로 읽었습니다.",
    "note.literal.ends_with": "'{value}'을(를) {dimension}의 끝 부분으로 읽었습니다.",
    "note.showing": "'{words}'에 대해 {dimension}을(를) 보여 줍니다.",
    "note.summed": "'{dimension}'은(는) 나누는 기준이 아니라 지표가 합산하는 값으로 읽었습니다.",
    "note.reachable": "'{word}'을(를) 지표에 쓸 수 있는 {dimension}(으)로 읽었습니다.",
    "note.absent": "'{word}' 기록이 없는 대상을 나열했습니다.",
    "note.relating": (
        "'{word}'은(는) {first}와(과) {second}의 관계로 읽었고, 따로 조건으로 보지 않았습니다."
    ),
    "note.had": "'{word}' 기록이 있는 대상을 나열했습니다.",
    "note.listing_count": (
        "'{word}' 기록이 하나 이상 있는 대상을 나열했습니다. 기준 지표: {metric}."
    ),
    "note.rows_listed": "지표 없이 요청한 행을 나열했습니다.",
    "note.moved": "{period}을(를) 직전 {unit} 단위 기간과 비교했습니다.",
    "note.default_year": "기간이 지정되지 않아 올해 누적을 1년 전 같은 기간과 비교했습니다.",
    "note.default_last": (
        "기간이 지정되지 않아 마지막으로 끝난 {unit} 단위 기간을 그 직전 기간과 비교했습니다."
    ),
    "note.undated": (
        "'{word}'에는 이 프로젝트에서 자체 날짜가 없어, 기간은 일어난 때가 아니라 "
        "{dates} 기준으로 적용했습니다."
    ),
    "note.read_as": "'{word}'을(를) '{name}'(으)로 읽었습니다.",
    "note.present_state": "'{words}'은(는) 지금의 상태로 읽어 기간을 두지 않았습니다.",
    "note.unit_shown": "'{words}'은(는) {metric}의 단위({unit})로 읽었습니다.",
    "note.unit_scale": "값은 그대로 보여 줍니다. '{words}'은(는) 적용하지 않았습니다.",
    "note.unit_metric": "물으신 단위의 지표인 {metric}(으)로 계산했습니다.",
    "note.date_unused": (
        "{date}(으)로는 나누거나 거르지 않았습니다. '{words}'은(는) 쓰이지 않았습니다."
    ),
    "note.not_a_value": (
        "'{word}'은(는) {dimension}의 값 {value}이(가) 아니라 문장의 낱말로 읽었습니다."
    ),
    "note.defined": "'{term}'을(를) 질문에서 정의한 대로 '{meaning}'(으)로 읽었습니다.",
    "note.verified": "검증된 쿼리 '{question}'(으)로 답했습니다 ({by} 인증, {on}).",
    "note.model_plan": "모델이 지표 카탈로그로 계획을 세웠습니다.",
    "note.model_sql": "카탈로그로 표현할 수 없어 모델이 SQL을 작성했습니다: {reason}",
    "note.model_sql_repaired": (
        "카탈로그로 표현할 수 없어 모델이 SQL을 작성했습니다 (수정 {repairs}회): {reason}"
    ),
    "note.model_unused": "모델을 사용하지 못했습니다: {error}",
    "note.model_available": (
        "모델을 설정하면(OPENAI_API_KEY 또는 OPENAI_BASE_URL, 그리고 ASKBI_LLM_MODEL) "
        "카탈로그 밖의 질문에도 답할 수 있습니다."
    ),
    "note.metric_date": "지표의 날짜",
    "note.deprecated": "'{metric}' 지표는 더 이상 쓰지 않는 지표입니다.",
    "note.deprecated_instead": (
        "'{metric}' 지표는 더 이상 쓰지 않는 지표입니다. 대신 '{instead}'을(를) 쓰세요."
    ),
    "note.draft": "'{metric}' 지표는 초안이며 담당자가 인증하지 않았습니다.",
    "note.unmatched": "{reached}이(가) 없는 {facts}은(는) 제외했습니다.",
    "note.filter_unused": (
        "{dimension} 필터는 적용되지 않습니다: 이 지표들에는 {dimension}이(가) 없습니다."
    ),
    "note.sql_tile_unfiltered": "대시보드의 기간과 필터는 SQL 타일에는 적용되지 않습니다.",
    "note.no_rows": "조회 결과가 없습니다.",
    "note.truncated": "처음 {rows}개 행만 표시합니다. 전체를 보려면 질문 범위를 좁혀 주세요.",
    "note.cut_cells": "값 {cells}개가 너무 길어 '[cut: …]' 표시 위치에서 잘랐습니다.",
    "note.data_ends": (
        "데이터가 {last}({dimension})에 끝나 요청한 기간의 끝({end})보다 이릅니다. "
        "마지막 기간은 완전하지 않습니다."
    ),
    "note.no_data": ("{start}~{end}에는 데이터가 없습니다. {dimension}의 범위: {first}~{last}."),
    "note.data_starts": "데이터가 요청한 기간의 시작({start})보다 늦은 {first}부터 있습니다.",
}
